import type { ContextDefinition } from 'jsonld';
import { type Quad, Writer } from 'n3';
import { NS } from '../vocab';

const IRI_VALUED = [
  'dcat:dataset',
  'dcat:distribution',
  'dcat:service',
  'dcat:servesDataset',
  'dcat:accessService',
  'dcat:accessURL',
  'dcat:downloadURL',
  'dcat:endpointURL',
  'dcat:endpointDescription',
  'dcat:landingPage',
  'dcat:mediaType',
  'dcat:theme',
  'dcat:themeTaxonomy',
  'dcat:contactPoint',
  'dct:format',
  'dct:license',
  'dct:publisher',
  'dct:spatial',
  'dct:temporal',
  'dct:accessRights',
  'dct:accrualPeriodicity',
  'dct:conformsTo',
  'dct:language',
  'dct:type',
  'foaf:homepage',
  'foaf:mbox',
  'vcard:hasEmail',
  'vcard:hasURL',
  'skos:inScheme',
  'rdfs:seeAlso',
  'hydra:view',
  'hydra:first',
  'hydra:last',
  'hydra:next',
  'hydra:previous',
];

/** The JSON-LD context: our prefixes, IRI-valued properties as plain strings, dates unwrapped. */
export const CATALOG_CONTEXT: ContextDefinition = {
  ...NS,
  ...Object.fromEntries(IRI_VALUED.map((p) => [p, { '@type': '@id' }])),
  'dct:issued': { '@type': 'xsd:dateTime' },
  'dct:modified': { '@type': 'xsd:dateTime' },
  'dcat:startDate': { '@type': 'xsd:date' },
  'dcat:endDate': { '@type': 'xsd:date' },
} as ContextDefinition;

/** Subjects together, in the order they first appear, so the Turtle reads node by node. */
function bySubject(quads: Quad[]): Quad[] {
  const groups = new Map<string, Quad[]>();
  for (const q of quads) {
    const list = groups.get(q.subject.value);
    if (list) list.push(q);
    else groups.set(q.subject.value, [q]);
  }
  return [...groups.values()].flat();
}

export function toTurtle(quads: Quad[]): Promise<string> {
  const writer = new Writer({ prefixes: NS });
  writer.addQuads(bySubject(quads));
  return new Promise((resolve, reject) =>
    writer.end((err, result: string) => (err ? reject(err) : resolve(result))),
  );
}

/**
 * The same graph as JSON-LD: converted by jsonld.js from the quads (RDF/JS terms, which it
 * reads as they are), then compacted with our context.
 */
export async function toJsonLd(quads: Quad[]): Promise<Record<string, unknown>> {
  // Loaded on the first JSON-LD request: 14 MB of a server's memory that most never use.
  const { default: jsonld } = await import('jsonld');
  const expanded = await jsonld.fromRDF(quads as never, { useNativeTypes: true });
  return (await jsonld.compact(expanded, CATALOG_CONTEXT)) as Record<string, unknown>;
}
