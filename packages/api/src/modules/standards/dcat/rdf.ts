import { DataFactory, type NamedNode, type Quad, type Quad_Object } from 'n3';
import { NS } from '../vocab';

const { namedNode, literal, quad } = DataFactory;

type Prefix = keyof typeof NS;
/** `term('dcat', 'Dataset')` → the IRI http://www.w3.org/ns/dcat#Dataset. */
export const term = (prefix: Prefix, local: string): NamedNode => namedNode(NS[prefix] + local);
export const iri = (value: string): NamedNode => namedNode(value);

export const text = (value: string, lang?: 'vi' | 'en') => literal(value, lang);
export const typed = (value: string, type: string) => literal(value, namedNode(NS.xsd + type));
export const dateTime = (value: string) => typed(value, 'dateTime');
export const date = (value: string) => typed(value, 'date');
export const wkt = (value: string) => literal(value, namedNode(`${NS.geo}wktLiteral`));
export const integer = (value: number) => typed(String(value), 'integer');

const A = term('rdf', 'type');

/** Triples of one graph, with each shared node (a theme, a licence, a publisher) described once. */
export class Graph {
  readonly quads: Quad[] = [];
  private readonly described = new Set<string>();

  add(subject: NamedNode, predicate: NamedNode, object: Quad_Object): this {
    this.quads.push(quad(subject, predicate, object));
    return this;
  }

  /** rdf:type statements. */
  a(subject: NamedNode, ...types: NamedNode[]): this {
    for (const t of types) this.add(subject, A, t);
    return this;
  }

  /** Adds the value in both languages where it has them (Vietnamese always, English when known). */
  bilingual(subject: NamedNode, predicate: NamedNode, vi: string, en: string | null | undefined): this {
    this.add(subject, predicate, text(vi, 'vi'));
    if (en) this.add(subject, predicate, text(en, 'en'));
    return this;
  }

  /** Runs `describe` the first time a node is met; returns the node. */
  once(node: NamedNode, describe: (node: NamedNode) => void): NamedNode {
    if (!this.described.has(node.value)) {
      this.described.add(node.value);
      describe(node);
    }
    return node;
  }
}
