import type { NamedNode } from 'n3';
import { DOWNLOAD_FORMATS, iso } from '../../catalog/catalog.queries';
import { type AreaVersion, areaAt, type StandardsRow } from '../standards.queries';
import { EU_SCHEMES, FORMAT_INFO, NDJSON_SPEC } from '../vocab';
import {
  accessRightsNode,
  agentNode,
  contactNode,
  frequencyNode,
  languageNode,
  licenseNode,
  locationNode,
  themeNode,
} from './nodes';
import { date, dateTime, type Graph, iri, term, text } from './rdf';

export interface DatasetContext {
  base: string;
  areas: AreaVersion[];
  /** The catalog's own contact, for datasets and publishers that give none. */
  fallbackContact: NamedNode;
  service: NamedNode;
}

export const datasetIri = (base: string, id: string) => `${base}/v1/datasets/${encodeURIComponent(id)}`;
export const publisherIri = (base: string, code: string) =>
  `${base}/v1/publishers#${encodeURIComponent(code)}`;

/** One dcat:Dataset with its publisher, contact, coverage and one dcat:Distribution per download format. */
export function addDataset(g: Graph, d: StandardsRow, ctx: DatasetContext): NamedNode {
  const ds = iri(datasetIri(ctx.base, d.id));
  g.a(ds, term('dcat', 'Dataset'));
  g.add(ds, term('dct', 'identifier'), text(d.id));
  g.bilingual(ds, term('dct', 'title'), d.title, d.title_en);
  // dct:description is mandatory: a dataset published without one is described by its title.
  g.bilingual(ds, term('dct', 'description'), d.description.trim() || d.title, d.description_en);
  g.add(ds, term('dct', 'issued'), dateTime(iso(d.issued)));
  g.add(ds, term('dct', 'modified'), dateTime(iso(d.modified)));
  g.add(ds, term('dcat', 'version'), text(String(d.version)));
  g.add(ds, term('dcat', 'landingPage'), documentNode(g, `${ctx.base}/datasets/${encodeURIComponent(d.id)}`));
  g.add(ds, term('dct', 'language'), languageNode(g, 'VIE'));
  g.add(ds, term('dct', 'accessRights'), accessRightsNode(g, d.access));
  for (const k of d.keywords) g.add(ds, term('dcat', 'keyword'), text(k));
  for (const t of new Set(d.themes.map((theme) => themeNode(g, theme)).filter((n) => !!n)))
    g.add(ds, term('dcat', 'theme'), t);

  const publisher = agentNode(g, iri(publisherIri(ctx.base, d.publisher_code)), {
    code: d.publisher_code,
    name: d.publisher_name,
    nameEn: d.publisher_name_en,
    email: d.publisher_email,
    url: d.publisher_url,
  });
  g.add(ds, term('dct', 'publisher'), publisher);
  g.add(ds, term('dcat', 'contactPoint'), datasetContact(g, d, ctx));

  const frequency = frequencyNode(g, d.update_frequency);
  if (frequency) g.add(ds, term('dct', 'accrualPeriodicity'), frequency);
  if (d.temporal_start || d.temporal_end) {
    const period = iri(`${ds.value}#period`);
    g.a(period, term('dct', 'PeriodOfTime'));
    if (d.temporal_start) g.add(period, term('dcat', 'startDate'), date(d.temporal_start));
    if (d.temporal_end) g.add(period, term('dcat', 'endDate'), date(d.temporal_end));
    g.add(ds, term('dct', 'temporal'), period);
  }
  const area = d.spatial_code
    ? areaAt(ctx.areas, d.spatial_code, d.temporal_end ?? d.temporal_start)
    : undefined;
  if (area) g.add(ds, term('dct', 'spatial'), locationNode(g, ctx.base, area));

  const license = licenseNode(g, d.license, `${ds.value}#license`);
  for (const [format, , title] of DOWNLOAD_FORMATS) {
    g.add(ds, term('dcat', 'distribution'), addDistribution(g, ds, d.id, format, title, license, ctx));
  }
  return ds;
}

function addDistribution(
  g: Graph,
  ds: NamedNode,
  id: string,
  format: string,
  title: string,
  license: NamedNode,
  ctx: DatasetContext,
): NamedNode {
  const info = FORMAT_INFO[format]!;
  const dist = iri(`${ds.value}#${format}`);
  const url = iri(`${datasetIri(ctx.base, id)}/download.${format}`);
  g.a(dist, term('dcat', 'Distribution'));
  g.add(dist, term('dct', 'title'), text(title));
  g.add(dist, term('dcat', 'accessURL'), url);
  g.add(dist, term('dcat', 'downloadURL'), url);
  g.add(dist, term('dcat', 'accessService'), ctx.service);
  g.add(dist, term('dct', 'license'), license);
  if (info.iana) {
    const media = g.once(iri(`http://www.iana.org/assignments/media-types/${info.iana}`), (n) => {
      g.a(n, term('dct', 'MediaType'));
    });
    g.add(dist, term('dcat', 'mediaType'), media);
  }
  if (info.euFileType) {
    const fileType = g.once(iri(`${EU_SCHEMES.fileType}/${info.euFileType}`), (n) => {
      g.a(n, term('dct', 'MediaTypeOrExtent'));
      g.add(n, term('skos', 'inScheme'), iri(EU_SCHEMES.fileType));
    });
    g.add(dist, term('dct', 'format'), fileType);
  } else if (format === 'ndjson') {
    // Neither IANA nor the EU file-type list has NDJSON: say which specification it follows.
    const spec = g.once(iri(NDJSON_SPEC), (n) => {
      g.a(n, term('dct', 'Standard'));
      g.add(n, term('dct', 'title'), text('Newline Delimited JSON'));
    });
    g.add(dist, term('dct', 'conformsTo'), spec);
  }
  return dist;
}

/** The dataset's own contact address, else its publisher's, else the catalog's. */
function datasetContact(g: Graph, d: StandardsRow, ctx: DatasetContext): NamedNode {
  if (d.contact_email)
    return contactNode(g, iri(`${datasetIri(ctx.base, d.id)}#contact`), {
      name: d.publisher_name,
      email: d.contact_email,
    });
  if (d.publisher_email || d.publisher_url)
    return contactNode(g, iri(`${publisherIri(ctx.base, d.publisher_code)}-contact`), {
      name: d.publisher_name,
      email: d.publisher_email,
      url: d.publisher_url,
    });
  return ctx.fallbackContact;
}

export function documentNode(g: Graph, url: string): NamedNode {
  return g.once(iri(url), (n) => {
    g.a(n, term('foaf', 'Document'));
  });
}
