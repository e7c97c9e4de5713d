import { testEngines } from '@kho/schema/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, type TestApp } from '../../../../test/helpers';
import {
  createStandardsApp,
  FACILITIES,
  grantedKey,
  INDICATORS,
  SECRET,
  SECRET_MARK,
} from '../standards.fixtures';

const A = '/api/3/action/datastore_search';
const url = (params: Record<string, string>) => `${A}?${new URLSearchParams(params)}`;
type Row = Record<string, unknown>;

describe.each(testEngines())('CKAN datastore_search on %s', (engine) => {
  let t: TestApp;
  const search = async (params: Record<string, string>) => (await getJson(t.app, url(params))).body;
  beforeAll(async () => {
    t = await createStandardsApp(engine);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers the rows with CKAN field types, the total and the next page', async () => {
    const body = await search({ resource_id: FACILITIES, limit: '2' });
    expect(body.success).toBe(true);
    const r = body.result;
    expect(r.fields.slice(0, 4)).toEqual([
      { id: '_id', type: 'int' },
      expect.objectContaining({ id: 'name', type: 'text' }),
      expect.objectContaining({ id: 'type', type: 'text' }),
      expect.objectContaining({ id: 'beds', type: 'int' }),
    ]);
    expect(r.fields.find((f: { id: string }) => f.id === 'opened').type).toBe('date');
    expect(r).toMatchObject({
      total: 5,
      limit: 2,
      offset: 0,
      records_format: 'objects',
      include_total: true,
    });
    expect(r.records).toHaveLength(2);
    expect(typeof r.records[0]._id).toBe('number');
    expect(r._links).toEqual({
      start: `${A}?resource_id=${FACILITIES}&limit=2`,
      next: `${A}?resource_id=${FACILITIES}&limit=2&offset=2`,
    });
    // Following _links.next walks every row exactly once.
    const seen: unknown[] = [];
    let next: string | null = r._links.start;
    while (next) {
      const page = (await getJson(t.app, next)).body.result;
      seen.push(...page.records.map((x: Row) => x._id));
      next = page.records.length ? page._links.next : null;
    }
    expect(new Set(seen).size).toBe(5);
    expect(seen).toHaveLength(5);
  });

  it('filters by value or list of values, searches, selects and sorts', async () => {
    const hospitals = (await search({ resource_id: FACILITIES, filters: '{"type":"hospital"}' })).result;
    expect(hospitals.total).toBe(3);
    expect(hospitals.records.every((x: Row) => x.type === 'hospital')).toBe(true);
    const some = (
      await search({
        resource_id: `${FACILITIES}.csv`,
        filters: '{"type":["clinic","health-station"],"beds":5}',
      })
    ).result;
    expect(some.records.map((x: Row) => x.name)).toEqual(['Trạm y tế xã Tây Giang']);
    const found = (await search({ resource_id: FACILITIES, q: 'hoa binh' })).result;
    expect(found.records.map((x: Row) => x.name)).toEqual(['Phòng khám Hòa Bình, cơ sở 2']);
    const byField = (await search({ resource_id: FACILITIES, q: '{"name":"Bệnh viện"}' })).result;
    expect(byField.total).toBe(2);
    const sorted = (await search({ resource_id: FACILITIES, sort: 'beds desc', fields: 'name,beds' })).result;
    expect(sorted.fields.map((f: { id: string }) => f.id)).toEqual(['name', 'beds']);
    expect(sorted.records.map((x: Row) => x.beds)).toEqual([1200, 250, 90, 12, 5]);
    expect(Object.keys(sorted.records[0])).toEqual(['name', 'beds']);
    const noOpening = (await search({ resource_id: FACILITIES, filters: '{"opened":null}' })).result;
    expect(noOpening.records.map((x: Row) => x.name)).toEqual(['Trung tâm y tế huyện Vân Canh']);
    const noTotal = (await search({ resource_id: FACILITIES, include_total: 'false', limit: '0' })).result;
    expect(noTotal.total).toBeUndefined();
    expect(noTotal.records).toEqual([]);
  });

  it('serves an indicator dataset’s observations, and a POST body', async () => {
    const r = await t.app.inject({
      method: 'POST',
      url: A,
      payload: {
        resource_id: INDICATORS,
        filters: { areaCode: '21553', periodStart: ['2021-01-01', '2022-01-01'] },
        sort: 'value desc',
        limit: 1,
      },
    });
    expect(r.statusCode).toBe(200);
    expect(r.json().result.total).toBe(2);
    const rec = r.json().result.records[0];
    expect(rec).toMatchObject({
      indicator: 'so-tram-bts',
      value: 1723,
      unit: 'trạm',
      areaName: 'Phường Nhơn Phú',
      periodStart: '2022-01-01',
    });
  });

  describe('errors, in CKAN’s error envelope', () => {
    it.each([
      [{ resource_id: 'no-such-dataset' }, 404, 'Not Found Error', 'message'],
      [{ resource_id: `${FACILITIES}.pdf` }, 404, 'Not Found Error', 'message'],
      [{}, 409, 'Validation Error', 'resource_id'],
      [{ resource_id: FACILITIES, filters: '{"nope":1}' }, 409, 'Validation Error', 'filters'],
      [{ resource_id: FACILITIES, filters: '{"beds":"many"}' }, 409, 'Validation Error', 'filters'],
      [{ resource_id: FACILITIES, filters: '{"opened":"2022-02-30"}' }, 409, 'Validation Error', 'filters'],
      [{ resource_id: FACILITIES, filters: '{"beds":[1e999]}' }, 409, 'Validation Error', 'filters'],
      [{ resource_id: FACILITIES, filters: 'not json' }, 409, 'Validation Error', 'filters'],
      [{ resource_id: FACILITIES, filters: '["beds"]' }, 409, 'Validation Error', 'filters'],
      [{ resource_id: FACILITIES, filters: '{"area":"52"}' }, 409, 'Validation Error', 'filters'],
      [{ resource_id: FACILITIES, q: '{"nope":"x"}' }, 409, 'Validation Error', 'q'],
      [{ resource_id: FACILITIES, q: '{"beds":"x"}' }, 409, 'Validation Error', 'filters'],
      [{ resource_id: FACILITIES, sort: 'nope desc' }, 409, 'Validation Error', 'sort'],
      [{ resource_id: FACILITIES, sort: 'beds sideways' }, 409, 'Validation Error', 'sort'],
      [{ resource_id: FACILITIES, fields: 'name,nope' }, 409, 'Validation Error', 'fields'],
      [{ resource_id: FACILITIES, limit: 'ten' }, 409, 'Validation Error', 'limit'],
      [{ resource_id: FACILITIES, records_format: 'csv' }, 409, 'Validation Error', 'records_format'],
    ])('%j → %i %s naming %s', async (params, status, type, field) => {
      const r = await getJson(t.app, url(params as Record<string, string>));
      expect(r.status).toBe(status);
      expect(r.body.success).toBe(false);
      expect(r.body.error.__type).toBe(type);
      expect(r.body.error[field]).toBeTruthy();
    });

    // Names of Object.prototype: {"__proto__": …} was ignored (every row matched) and
    // {"toString": …} answered a bare "Invalid input".
    it.each(['__proto__', 'toString', 'constructor'])(
      'a filter on "%s" is an unknown field',
      async (name) => {
        const r = await getJson(t.app, url({ resource_id: FACILITIES, filters: `{"${name}":"x"}` }));
        expect(r.status).toBe(409);
        expect(r.body.error.__type).toBe('Validation Error');
        expect(r.body.error.filters[0]).toContain(`no field "${name}"`);
      },
    );
  });

  describe('security', () => {
    it('the rows of a restricted dataset do not exist for the anonymous', async () => {
      for (const resource of [SECRET, `${SECRET}.csv`]) {
        const r = await getJson(t.app, url({ resource_id: resource }));
        expect(r.status).toBe(404);
        expect(r.body.error.__type).toBe('Not Found Error');
        expect(JSON.stringify(r.body)).not.toContain(SECRET_MARK);
      }
    });

    it('a key granted the dataset reads them', async () => {
      const r = await getJson(t.app, url({ resource_id: SECRET }), await grantedKey(t.database));
      expect(r.status).toBe(200);
      expect(r.body.result.records).toHaveLength(1);
      expect(r.body.result.records[0].value).toBe(7);
    });
  });
});
