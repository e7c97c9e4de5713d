import type { NamedNode } from 'n3';
import type { Access } from '../../../lib/policy';
import { licenseInfo } from '../licenses';
import type { AreaVersion } from '../standards.queries';
import {
  ACCESS_RIGHT_EU,
  EU_SCHEMES,
  FREQUENCY_EU,
  PUBLISHER_TYPE_SCHEME,
  publisherType,
  THEME_EU,
} from '../vocab';
import { type Graph, iri, term, text, wkt } from './rdf';

/**
 * The nodes datasets share (publishers, themes, licences, places …), typed as the DCAT-AP
 * range shapes ask: a value of dct:license must be a dct:LicenseDocument in the graph itself.
 */

const isWebUrl = (s: string | null | undefined): s is string => !!s && /^https?:\/\/\S+$/.test(s);

export function languageNode(g: Graph, code: 'VIE' | 'ENG'): NamedNode {
  return g.once(iri(`${EU_SCHEMES.language}/${code}`), (n) => {
    g.a(n, term('dct', 'LinguisticSystem'));
    g.add(n, term('skos', 'inScheme'), iri(EU_SCHEMES.language));
  });
}

export function themeNode(g: Graph, theme: string): NamedNode | undefined {
  const eu = THEME_EU[theme];
  if (!eu) return undefined;
  return g.once(iri(`${EU_SCHEMES.dataTheme}/${eu.code}`), (n) => {
    g.a(n, term('skos', 'Concept'));
    g.add(n, term('skos', 'prefLabel'), text(eu.label, 'en'));
    g.add(n, term('skos', 'inScheme'), iri(EU_SCHEMES.dataTheme));
  });
}

export function themeSchemeNode(g: Graph): NamedNode {
  return g.once(iri(EU_SCHEMES.dataTheme), (n) => {
    g.a(n, term('skos', 'ConceptScheme'));
    g.add(n, term('dct', 'title'), text('Data theme', 'en'));
  });
}

export function frequencyNode(g: Graph, frequency: string | null): NamedNode | undefined {
  const eu = frequency ? FREQUENCY_EU[frequency] : undefined;
  if (!eu) return undefined;
  return g.once(iri(`${EU_SCHEMES.frequency}/${eu.code}`), (n) => {
    g.a(n, term('dct', 'Frequency'));
    g.add(n, term('skos', 'prefLabel'), text(eu.label, 'en'));
    g.add(n, term('skos', 'inScheme'), iri(EU_SCHEMES.frequency));
  });
}

export function accessRightsNode(g: Graph, access: Access): NamedNode {
  const eu = ACCESS_RIGHT_EU[access];
  return g.once(iri(`${EU_SCHEMES.accessRight}/${eu.code}`), (n) => {
    g.a(n, term('dct', 'RightsStatement'));
    g.add(n, term('rdfs', 'label'), text(eu.label, 'en'));
    g.add(n, term('skos', 'inScheme'), iri(EU_SCHEMES.accessRight));
  });
}

/** A licence: the EU vocabulary IRI where we know one, else a node of the dataset's own. */
export function licenseNode(g: Graph, license: string, fallback: string): NamedNode {
  const info = licenseInfo(license);
  return g.once(iri(info.euIri ?? fallback), (n) => {
    g.a(n, term('dct', 'LicenseDocument'));
    g.add(n, term('dct', 'title'), text(info.title));
    if (info.euIri) g.add(n, term('dct', 'identifier'), text(info.id));
    if (info.url) g.add(n, term('rdfs', 'seeAlso'), iri(info.url));
  });
}

export function agentNode(
  g: Graph,
  node: NamedNode,
  a: { code: string; name: string; nameEn: string | null; email?: string | null; url?: string | null },
): NamedNode {
  return g.once(node, (n) => {
    g.a(n, term('foaf', 'Agent'), term('foaf', 'Organization'));
    g.bilingual(n, term('foaf', 'name'), a.name, a.nameEn);
    const type = publisherType(a.code);
    const typeNode = g.once(iri(type.iri), (t) => {
      g.a(t, term('skos', 'Concept'));
      g.add(t, term('skos', 'prefLabel'), text(type.label, 'en'));
      g.add(t, term('skos', 'inScheme'), iri(PUBLISHER_TYPE_SCHEME));
    });
    g.add(n, term('dct', 'type'), typeNode);
    if (a.email) g.add(n, term('foaf', 'mbox'), iri(`mailto:${a.email}`));
    if (isWebUrl(a.url)) g.add(n, term('foaf', 'homepage'), iri(a.url));
  });
}

export function contactNode(
  g: Graph,
  node: NamedNode,
  c: { name: string; email?: string | null; url?: string | null },
): NamedNode {
  return g.once(node, (n) => {
    g.a(n, term('vcard', 'Kind'), term('vcard', 'Organization'));
    g.add(n, term('vcard', 'fn'), text(c.name, 'vi'));
    if (c.email) g.add(n, term('vcard', 'hasEmail'), iri(`mailto:${c.email}`));
    if (isWebUrl(c.url)) g.add(n, term('vcard', 'hasURL'), iri(c.url));
  });
}

/** The unit as it was at the time (the area route's `at` picks among reused codes). */
export function locationNode(g: Graph, base: string, area: AreaVersion): NamedNode {
  const at = area.valid_from ?? (area.valid_to ? dayBefore(area.valid_to) : null);
  const node = iri(`${base}/v1/areas/${encodeURIComponent(area.code)}${at ? `?at=${at}` : ''}`);
  return g.once(node, (n) => {
    g.a(n, term('dct', 'Location'));
    g.bilingual(n, term('skos', 'prefLabel'), area.name, area.name_en);
    g.add(n, term('dct', 'identifier'), text(area.code));
    if (area.centroid_lat !== null && area.centroid_lon !== null)
      g.add(n, term('dcat', 'centroid'), wkt(`POINT(${area.centroid_lon} ${area.centroid_lat})`));
  });
}

function dayBefore(isoDate: string): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}
