import type { NamedNode, Quad } from 'n3';
import { iso } from '../../catalog/catalog.queries';
import type { AreaVersion, StandardsRow } from '../standards.queries';
import { CATALOG_META } from '../vocab';
import { addDataset, documentNode } from './dataset';
import { agentNode, contactNode, languageNode, themeSchemeNode } from './nodes';
import { dateTime, Graph, integer, iri, term } from './rdf';

export interface CatalogPage {
  rows: StandardsRow[];
  areas: AreaVersion[];
  total: number;
  latest: string | null;
  page: number;
  pageSize: number;
  /** The URL of another page of the same listing (same format and filters). */
  pageUrl: (page: number) => string;
}

export const catalogIri = (base: string) => `${base}/v1/catalog`;

/**
 * One page of the DCAT-AP 3 catalog: the catalog, the datasets on this page with their
 * distributions, the API as a dcat:DataService, and Hydra links to the other pages.
 */
export function catalogGraph(base: string, p: CatalogPage): Quad[] {
  const g = new Graph();
  const catalog = iri(catalogIri(base));
  g.a(catalog, term('dcat', 'Catalog'), term('hydra', 'Collection'));
  g.bilingual(catalog, term('dct', 'title'), CATALOG_META.title.vi, CATALOG_META.title.en);
  g.bilingual(catalog, term('dct', 'description'), CATALOG_META.description.vi, CATALOG_META.description.en);
  const operator = agentNode(g, iri(`${base}/about#operator`), {
    code: 'UBND',
    name: CATALOG_META.publisher.vi,
    nameEn: CATALOG_META.publisher.en,
  });
  g.add(catalog, term('dct', 'publisher'), operator);
  g.add(catalog, term('foaf', 'homepage'), documentNode(g, `${base}/`));
  g.add(catalog, term('dct', 'language'), languageNode(g, 'VIE'));
  g.add(catalog, term('dct', 'language'), languageNode(g, 'ENG'));
  g.add(catalog, term('dcat', 'themeTaxonomy'), themeSchemeNode(g));
  if (p.latest) g.add(catalog, term('dct', 'modified'), dateTime(iso(p.latest)));

  const contact = contactNode(g, iri(`${base}/about#contact`), {
    name: CATALOG_META.title.vi,
    url: `${base}/about`,
  });
  const service = addService(g, base, operator, contact);
  g.add(catalog, term('dcat', 'service'), service);

  for (const row of p.rows) {
    const ds = addDataset(g, row, { base, areas: p.areas, fallbackContact: contact, service });
    g.add(catalog, term('dcat', 'dataset'), ds);
    g.add(service, term('dcat', 'servesDataset'), ds);
  }
  addHydra(g, catalog, p);
  return g.quads;
}

function addService(g: Graph, base: string, operator: NamedNode, contact: NamedNode): NamedNode {
  const service = iri(`${base}/about#api`);
  g.a(service, term('dcat', 'DataService'));
  g.bilingual(service, term('dct', 'title'), CATALOG_META.service.vi, CATALOG_META.service.en);
  g.bilingual(
    service,
    term('dct', 'description'),
    'Đọc, lọc và tải mọi bộ dữ liệu được phép xem; tài liệu OpenAPI tại /openapi.json.',
    'Read, filter and download every dataset you may see; described by the OpenAPI document at /openapi.json.',
  );
  // Typed rdfs:Resource because the consolidated DCAT-AP 3.0.1 range shapes ask for that class.
  const endpoint = g.once(iri(`${base}/v1`), (n) => g.a(n, term('rdfs', 'Resource')));
  const openapi = g.once(iri(`${base}/openapi.json`), (n) => g.a(n, term('rdfs', 'Resource')));
  g.add(service, term('dcat', 'endpointURL'), endpoint);
  g.add(service, term('dcat', 'endpointDescription'), openapi);
  g.add(service, term('dcat', 'landingPage'), documentNode(g, `${base}/about`));
  g.add(service, term('dct', 'publisher'), operator);
  g.add(service, term('dcat', 'contactPoint'), contact);
  return service;
}

function addHydra(g: Graph, catalog: NamedNode, p: CatalogPage) {
  const last = Math.max(1, Math.ceil(p.total / p.pageSize));
  const view = iri(p.pageUrl(p.page));
  g.add(catalog, term('hydra', 'totalItems'), integer(p.total));
  g.add(catalog, term('hydra', 'view'), view);
  g.a(view, term('hydra', 'PartialCollectionView'));
  g.add(view, term('hydra', 'first'), iri(p.pageUrl(1)));
  g.add(view, term('hydra', 'last'), iri(p.pageUrl(last)));
  if (p.page > 1) g.add(view, term('hydra', 'previous'), iri(p.pageUrl(Math.min(p.page - 1, last))));
  if (p.page < last) g.add(view, term('hydra', 'next'), iri(p.pageUrl(p.page + 1)));
}
