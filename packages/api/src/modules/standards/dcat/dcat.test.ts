import { join } from 'node:path';
import { testEngines } from '@kho/schema/testing';
import rdf from '@zazuko/env-node';
import jsonld from 'jsonld';
import { Parser, type Quad, Writer } from 'n3';
import SHACLValidator from 'rdf-validate-shacl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, type TestApp } from '../../../../test/helpers';
import {
  createStandardsApp,
  FACILITIES,
  grantedKey,
  hasStandards,
  INDICATORS,
  SECRET,
  SECRET_MARK,
  STANDARDS,
} from '../standards.fixtures';

const SHAPES = ['shapes.ttl', 'range.ttl'].map((f) => join(STANDARDS, 'dcat-ap-3.0.1/html-shacl', f));
const FAILING_EXAMPLE = join(STANDARDS, 'dcat-ap-2.1.1-examples/example2.nt');

const parseTurtle = (text: string): Quad[] => new Parser({ format: 'text/turtle' }).parse(text);
const nquads = (quads: Quad[]) =>
  new Promise<string>((resolve, reject) => {
    const w = new Writer({ format: 'N-Quads' });
    w.addQuads(quads);
    w.end((err, out: string) => (err ? reject(err) : resolve(out)));
  });
const canonicalLines = async (input: string | object) =>
  (
    (await jsonld.canonize(
      input as never,
      {
        algorithm: 'URDNA2015',
        format: 'application/n-quads',
        ...(typeof input === 'string' ? { inputFormat: 'application/n-quads' } : {}),
      } as never,
    )) as unknown as string
  )
    .trim()
    .split('\n');

async function shacl(data: Quad[]) {
  const shapes = rdf.dataset();
  for (const file of SHAPES) for (const q of await rdf.dataset().import(rdf.fromFile(file))) shapes.add(q);
  const report = await new SHACLValidator(shapes, { factory: rdf }).validate(rdf.dataset(data));
  const problems = report.results.map(
    (r) => `${r.focusNode?.value} ${r.path?.value} ${r.message?.[0]?.value ?? ''}`,
  );
  return { conforms: report.conforms, problems };
}

const DCAT = 'http://www.w3.org/ns/dcat#';
const datasetsIn = (quads: Quad[]) =>
  quads.filter((q) => q.predicate.value === `${DCAT}dataset`).map((q) => q.object.value.split('/').pop());

describe.each(testEngines())('DCAT-AP 3 catalog on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createStandardsApp(engine);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('describes every visible dataset with its distributions, publisher, themes and coverage', async () => {
    const r = await t.app.inject('/v1/catalog.ttl');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('text/turtle');
    const quads = parseTurtle(r.body);
    expect(datasetsIn(quads)).toEqual(expect.arrayContaining([INDICATORS, FACILITIES]));
    expect(r.body).toContain('"Health facilities (test)"@en');
    expect(r.body).toContain('<http://publications.europa.eu/resource/authority/data-theme/HEAL>');
    expect(r.body).toContain('<http://publications.europa.eu/resource/authority/data-theme/TECH>');
    expect(r.body).toContain('<http://publications.europa.eu/resource/authority/frequency/ANNUAL>');
    expect(r.body).toContain('<http://publications.europa.eu/resource/authority/licence/CC_BY_4_0>');
    expect(r.body).toContain('<http://www.iana.org/assignments/media-types/text/csv>');
    expect(r.body).toContain('<mailto:syt@example.vn>');
    expect(r.body).toContain(`dcat:downloadURL <http://kho.test/v1/datasets/${FACILITIES}/download.csv>`);
    expect(r.body).toContain('dcat:startDate "2022-01-01"^^xsd:date');
    // The 2022 dataset covers code 52 as it was then: Bình Định, not today's Gia Lai.
    expect(r.body).toContain('<http://kho.test/v1/areas/52?at=');
    expect(r.body).toMatch(/skos:prefLabel "Tỉnh Bình Định"@vi/);
    expect(r.body).toContain('dcat:endpointDescription <http://kho.test/openapi.json>');
  });

  it.skipIf(!hasStandards)(
    'conforms to the DCAT-AP 3.0.1 SHACL shapes and ranges, in both serialisations',
    async () => {
      const ttl = parseTurtle((await t.app.inject('/v1/catalog.ttl')).body);
      const fromTtl = await shacl(ttl);
      expect(fromTtl.problems).toEqual([]);
      expect(fromTtl.conforms).toBe(true);
      expect(ttl.length).toBeGreaterThan(100);
      const doc = (await getJson(t.app, '/v1/catalog.jsonld')).body;
      const fromJsonLd = parseTurtle((await jsonld.toRDF(doc, { format: 'application/n-quads' })) as string);
      expect((await shacl(fromJsonLd)).conforms).toBe(true);
    },
  );

  it.skipIf(!hasStandards)('the validator does catch a violation (the failing DCAT-AP example)', async () => {
    const bad = await rdf.dataset().import(rdf.fromFile(FAILING_EXAMPLE));
    const report = await shacl([...bad] as Quad[]);
    expect(report.conforms).toBe(false);
    expect(report.problems.join('\n')).toContain('http://purl.org/dc/terms/publisher');
  });

  it('carries the same graph in JSON-LD and Turtle', async () => {
    const json = await getJson(t.app, '/v1/catalog.jsonld?page_size=1&page=2');
    expect(json.status).toBe(200);
    expect(json.headers['content-type']).toContain('application/ld+json');
    expect(json.body['@context'].dcat).toBe(DCAT);
    const ttl = await t.app.inject('/v1/catalog.ttl?page_size=1&page=2');
    const a = (await canonicalLines(json.body)).map((l) =>
      l.replaceAll('/v1/catalog.jsonld?', '/v1/catalog.ttl?'),
    );
    const b = await canonicalLines(await nquads(parseTurtle(ttl.body)));
    expect(a.length).toBeGreaterThan(50);
    expect(a.sort()).toEqual(b.sort());
  });

  it('pages with Hydra links and the Link header', async () => {
    const first = await t.app.inject('/v1/catalog.ttl?page_size=1');
    const quads = parseTurtle(first.body);
    const hydra = (p: string) =>
      quads.find((q) => q.predicate.value === `http://www.w3.org/ns/hydra/core#${p}`)?.object.value;
    expect(hydra('totalItems')).toBe('2');
    expect(hydra('next')).toBe('http://kho.test/v1/catalog.ttl?page=2&page_size=1');
    expect(hydra('last')).toBe('http://kho.test/v1/catalog.ttl?page=2&page_size=1');
    expect(hydra('previous')).toBeUndefined();
    expect(first.headers.link).toContain('<http://kho.test/v1/catalog.ttl?page=2&page_size=1>; rel="next"');
    const second = parseTurtle((await t.app.inject('/v1/catalog.ttl?page_size=1&page=2')).body);
    expect(datasetsIn(second)).toHaveLength(1);
    expect(datasetsIn(second)).not.toEqual(datasetsIn(quads));
  });

  it('keeps only datasets changed since modified_since', async () => {
    const none = parseTurtle(
      (await t.app.inject('/v1/catalog.ttl?modified_since=2999-01-01T00:00:00Z')).body,
    );
    expect(datasetsIn(none)).toEqual([]);
    const all = parseTurtle((await t.app.inject('/v1/catalog.ttl?modified_since=2000-01-01')).body);
    expect(datasetsIn(all)).toHaveLength(2);
  });

  it('redirects /v1/catalog to the format the Accept header asks for', async () => {
    const r = await t.app.inject({ url: '/v1/catalog?page=1', headers: { accept: 'text/turtle' } });
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe('/v1/catalog.ttl?page=1');
    expect((await t.app.inject('/v1/catalog')).headers.location).toBe('/v1/catalog.jsonld');
  });

  describe('errors', () => {
    it.each([
      ['/v1/catalog.ttl?page=0', 'page'],
      ['/v1/catalog.jsonld?page_size=1000', 'page_size'],
      ['/v1/catalog.ttl?modified_since=banana', 'modified_since'],
      ['/v1/catalog.jsonld?modified_since=2025-13-45', 'modified_since'],
    ])('%s → 400 naming %s', async (url, parameter) => {
      const r = await getJson(t.app, url);
      expect(r.status).toBe(400);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(JSON.stringify(r.body.errors)).toContain(parameter);
    });

    it('answers a page past the last with 404', async () => {
      const r = await getJson(t.app, '/v1/catalog.ttl?page=99');
      expect(r.status).toBe(404);
      expect(r.body.code).toBe('page-not-found');
    });
  });

  describe('security', () => {
    it('never shows a restricted dataset to the anonymous, in either serialisation', async () => {
      for (const url of [
        '/v1/catalog.ttl',
        '/v1/catalog.jsonld',
        '/v1/catalog.ttl?modified_since=2000-01-01',
      ]) {
        const body = (await t.app.inject(url)).body;
        expect(body).not.toContain(SECRET);
        expect(body).not.toContain(SECRET_MARK);
      }
    });

    it('shows it, as non-public, to a key granted that dataset', async () => {
      const r = await t.app.inject({ url: '/v1/catalog.ttl', headers: await grantedKey(t.database) });
      expect(datasetsIn(parseTurtle(r.body))).toContain(SECRET);
      expect(r.body).toContain('<http://publications.europa.eu/resource/authority/access-right/NON_PUBLIC>');
      expect(r.headers['cache-control']).toContain('private');
    });
  });
});
