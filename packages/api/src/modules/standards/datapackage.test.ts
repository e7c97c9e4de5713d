import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { testEngines } from '@kho/schema/testing';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, type TestApp } from '../../../test/helpers';
import {
  createStandardsApp,
  FACILITIES,
  grantedKey,
  hasStandards,
  INDICATORS,
  SECRET,
  SECRET_MARK,
  STANDARDS,
} from './standards.fixtures';

/** The profile the acceptance uses: ajv 8, strict off, formats, and Frictionless's own "textarea". */
function frictionlessValidator(version: '1.0' | '2.0') {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addFormat('textarea', true);
  return ajv.compile(
    JSON.parse(readFileSync(join(STANDARDS, `frictionless/${version}/datapackage.json`), 'utf8')),
  );
}

describe.each(testEngines())('Frictionless Data Package on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createStandardsApp(engine);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('describes a table dataset: metadata, one resource per format, its Table Schema', async () => {
    const r = await getJson(t.app, `/v1/datasets/${FACILITIES}/datapackage.json`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      name: FACILITIES,
      title: 'Cơ sở y tế (kiểm thử)',
      version: '1',
      keywords: ['bệnh viện', 'y tế'],
      licenses: [{ name: 'CC-BY-4.0', path: 'https://creativecommons.org/licenses/by/4.0/' }],
      contributors: [{ title: 'Sở Y tế', roles: ['publisher'], email: 'syt@example.vn' }],
      sources: [{ title: 'OpenStreetMap', path: 'https://www.openstreetmap.org/' }],
    });
    expect(r.body.resources.map((x: { format: string }) => x.format)).toEqual([
      'csv',
      'json',
      'ndjson',
      'geojson',
      'xlsx',
    ]);
    const csv = r.body.resources[0];
    expect(csv).toMatchObject({
      path: `http://kho.test/v1/datasets/${FACILITIES}/download.csv`,
      mediatype: 'text/csv',
      encoding: 'utf-8',
      type: 'table',
    });
    expect(csv.schema.fields.map((f: { name: string }) => f.name)).toEqual(
      expect.arrayContaining(['name', 'type', 'beds']),
    );
    expect(csv.schema.fields.find((f: { name: string }) => f.name === 'beds').type).toBe('integer');
    // The CSV download's header is the schema's field list, in order.
    const header = (await t.app.inject(csv.path.replace('http://kho.test', ''))).body
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)[0];
    expect(header).toBe(csv.schema.fields.map((f: { name: string }) => f.name).join(','));
  });

  it('gives an indicator dataset the observation schema', async () => {
    const r = await getJson(t.app, `/v1/datasets/${INDICATORS}/datapackage.json`);
    const fields = r.body.resources[0].schema.fields.map((f: { name: string }) => f.name);
    expect(fields).toEqual(expect.arrayContaining(['indicator', 'areaCode', 'periodStart', 'value', 'unit']));
  });

  it.skipIf(!hasStandards)('is valid against the Frictionless v2 profile (and v1)', async () => {
    for (const id of [FACILITIES, INDICATORS]) {
      const body = (await getJson(t.app, `/v1/datasets/${id}/datapackage.json`)).body;
      for (const version of ['2.0', '1.0'] as const) {
        const validate = frictionlessValidator(version);
        expect({ id, version, ok: validate(body), errors: validate.errors ?? [] }).toEqual({
          id,
          version,
          ok: true,
          errors: [],
        });
      }
    }
  });

  describe('errors', () => {
    it('answers an unknown dataset with 404 and a bad id with 400', async () => {
      const missing = await getJson(t.app, '/v1/datasets/no-such-dataset/datapackage.json');
      expect(missing.status).toBe(404);
      expect(missing.headers['content-type']).toContain('application/problem+json');
      const bad = await getJson(t.app, '/v1/datasets/Bad%20Id/datapackage.json');
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body.errors)).toContain('id');
    });
  });

  describe('security', () => {
    it('a restricted dataset does not exist for the anonymous', async () => {
      const r = await getJson(t.app, `/v1/datasets/${SECRET}/datapackage.json`);
      expect(r.status).toBe(404);
      expect(JSON.stringify(r.body)).not.toContain(SECRET_MARK);
    });

    it('a key granted it reads it', async () => {
      const r = await getJson(t.app, `/v1/datasets/${SECRET}/datapackage.json`, await grantedKey(t.database));
      expect(r.status).toBe(200);
      expect(r.body.title).toContain(SECRET_MARK);
    });
  });
});
