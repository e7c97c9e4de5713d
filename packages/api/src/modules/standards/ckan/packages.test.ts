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

const A = '/api/3/action';
const q = (params: Record<string, string>) => new URLSearchParams(params).toString();

describe.each(testEngines())('CKAN package actions on %s', (engine) => {
  let t: TestApp;
  const ids = async (url: string, headers: Record<string, string> = {}) =>
    (await getJson(t.app, url, headers)).body.result.results.map((p: { id: string }) => p.id);
  beforeAll(async () => {
    t = await createStandardsApp(engine);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('package_list: the visible dataset names in CKAN’s envelope', async () => {
    const r = await getJson(t.app, `${A}/package_list`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      help: 'http://kho.test/api/3/action/help_show?name=package_list',
      success: true,
      result: [INDICATORS, FACILITIES],
    });
    expect((await getJson(t.app, `${A}/package_list?limit=1&offset=1`)).body.result).toEqual([FACILITIES]);
  });

  it('package_show: a dataset with CKAN’s field names', async () => {
    const r = await getJson(t.app, `${A}/package_show?id=${FACILITIES}`);
    expect(r.status).toBe(200);
    const p = r.body.result;
    expect(p).toMatchObject({
      id: FACILITIES,
      name: FACILITIES,
      title: 'Cơ sở y tế (kiểm thử)',
      notes: 'Bệnh viện, phòng khám và trạm y tế.',
      license_id: 'cc-by',
      isopen: true,
      private: false,
      owner_org: 'syt',
      organization: { id: 'syt', name: 'syt', title: 'Sở Y tế', is_organization: true },
      tags: [{ name: 'bệnh viện' }, { name: 'y tế' }],
      groups: [{ name: 'health', title: 'Y tế' }],
      num_resources: 5,
      num_tags: 2,
      maintainer_email: 'syt@example.vn',
    });
    expect(p.resources[0]).toMatchObject({
      id: `${FACILITIES}.csv`,
      package_id: FACILITIES,
      url: `http://kho.test/v1/datasets/${FACILITIES}/download.csv`,
      format: 'CSV',
      mimetype: 'text/csv',
      datastore_active: true,
    });
    expect(p.metadata_modified).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
    expect(p.extras).toEqual(
      expect.arrayContaining([
        { key: 'title_en', value: 'Health facilities (test)' },
        { key: 'temporal_start', value: '2022-01-01' },
        { key: 'spatial_code', value: '52' },
      ]),
    );
  });

  it('package_search: words, filter terms, paging, sort and facets', async () => {
    const all = await getJson(
      t.app,
      `${A}/package_search?${q({ q: '', rows: '1', 'facet.field': '["organization","groups","tags","res_format"]' })}`,
    );
    expect(all.body.success).toBe(true);
    const result = all.body.result;
    expect(result.count).toBe(2);
    expect(result.results).toHaveLength(1);
    expect(result.facets.organization).toEqual({ stttt: 1, syt: 1 });
    expect(result.facets.groups).toEqual({ digital: 1, health: 1 });
    expect(result.facets.res_format.CSV).toBe(2);
    expect(result.search_facets.organization.items).toContainEqual({
      name: 'syt',
      display_name: 'Sở Y tế',
      count: 1,
    });
    expect(await ids(`${A}/package_search?q=benh%20vien`)).toEqual([FACILITIES]);
    expect(await ids(`${A}/package_search?${q({ fq: 'organization:syt' })}`)).toEqual([FACILITIES]);
    expect(await ids(`${A}/package_search?${q({ fq: 'groups:digital tags:BTS' })}`)).toEqual([INDICATORS]);
    expect(await ids(`${A}/package_search?${q({ fq: 'tags:"bệnh viện" res_format:CSV' })}`)).toEqual([
      FACILITIES,
    ]);
    expect(await ids(`${A}/package_search?${q({ fq: '-organization:syt' })}`)).toEqual([INDICATORS]);
    expect(await ids(`${A}/package_search?${q({ fq: 'res_format:PDF' })}`)).toEqual([]);
    expect(await ids(`${A}/package_search?${q({ q: 'title:"Y TẾ" +dataset_type:dataset' })}`)).toEqual([
      FACILITIES,
    ]);
    expect(
      await ids(`${A}/package_search?${q({ fq: 'metadata_modified:[2000-01-01T00:00:00.000000Z TO *]' })}`),
    ).toHaveLength(2);
    expect(
      await ids(`${A}/package_search?${q({ fq: 'metadata_modified:[2999-01-01T00:00:00Z TO *]' })}`),
    ).toEqual([]);
    expect(await ids(`${A}/package_search?${q({ sort: 'name desc' })}`)).toEqual([FACILITIES, INDICATORS]);
    expect(await ids(`${A}/package_search?${q({ sort: 'id asc', rows: '1', start: '1' })}`)).toEqual([
      FACILITIES,
    ]);
    const limited = await getJson(
      t.app,
      `${A}/package_search?${q({ 'facet.field': '["tags"]', 'facet.limit': '1' })}`,
    );
    expect(Object.keys(limited.body.result.facets.tags)).toHaveLength(1);
  });

  it('answers POST with a JSON body, as ckanapi sends it', async () => {
    const r = await t.app.inject({
      method: 'POST',
      url: `${A}/package_search`,
      payload: { fq: 'organization:syt', rows: 5, 'facet.field': ['groups'] },
    });
    expect(r.statusCode).toBe(200);
    expect(r.json().result.results.map((p: { id: string }) => p.id)).toEqual([FACILITIES]);
    expect(r.json().result.facets.groups).toEqual({ health: 1 });
    const show = await t.app.inject({
      method: 'POST',
      url: `${A}/package_show`,
      payload: { id: INDICATORS },
    });
    expect(show.json().result.name).toBe(INDICATORS);
  });

  it('organization_list: names, or whole organizations with visible dataset counts', async () => {
    const names = (await getJson(t.app, `${A}/organization_list`)).body.result;
    expect(names).toContain('syt');
    expect(names).toEqual([...names].sort());
    const full = (await getJson(t.app, `${A}/organization_list?all_fields=true&sort=package_count%20desc`))
      .body.result;
    expect(full[0]).toMatchObject({ is_organization: true, type: 'organization', package_count: 1 });
    const only = await getJson(
      t.app,
      `${A}/organization_list?${q({ all_fields: 'true', organizations: '["syt"]' })}`,
    );
    expect(only.body.result).toEqual([
      expect.objectContaining({ name: 'syt', title: 'Sở Y tế', package_count: 1 }),
    ]);
  });

  describe('errors, in CKAN’s error envelope', () => {
    it.each([
      [`${A}/package_show?id=no-such-dataset`, 404, 'Not Found Error', 'message'],
      [`${A}/package_show`, 409, 'Validation Error', 'id'],
      [`${A}/package_search?fq=bogus:1`, 409, 'Validation Error', 'fq'],
      [`${A}/package_search?sort=random%20asc`, 409, 'Validation Error', 'sort'],
      [`${A}/package_search?rows=-1`, 409, 'Validation Error', 'rows'],
      [`${A}/package_search?facet.field=organization`, 409, 'Validation Error', 'facet.field'],
      [`${A}/package_search?facet.field=["views"]`, 409, 'Validation Error', 'facet.field'],
      [`${A}/organization_list?all_fields=maybe`, 409, 'Validation Error', 'all_fields'],
      [`${A}/no_such_action`, 400, 'Bad request', 'message'],
      // A value PostgreSQL refuses (NUL in text), wrapped by the driver: was a problem+json 400.
      [`${A}/package_show?id=a%00b`, 409, 'Validation Error', 'message'],
      // Names of Object.prototype are not fields (sort=toString was a 500, fq=constructor:x matched all).
      [`${A}/package_search?sort=toString`, 409, 'Validation Error', 'sort'],
      [`${A}/package_search?fq=constructor:x`, 409, 'Validation Error', 'fq'],
      [`${A}/package_search?facet.field=["__proto__"]`, 409, 'Validation Error', 'facet.field'],
      // organization_list?sort=__proto__ was a 500 (found by the REST fuzz, seed 524880004).
      [`${A}/organization_list?all_fields=true&sort=__proto__`, 409, 'Validation Error', 'sort'],
      [`${A}/organization_list?sort=constructor%20asc`, 409, 'Validation Error', 'sort'],
      [`${A}/organization_list?sort=name%20asc%20title`, 409, 'Validation Error', 'sort'],
    ])('%s → %i %s naming %s', async (url, status, type, field) => {
      const r = await getJson(t.app, url);
      expect(r.status).toBe(status);
      expect(r.headers['content-type']).toContain('application/json');
      expect(r.body.success).toBe(false);
      expect(r.body.error.__type).toBe(type);
      expect(r.body.error[field]).toBeTruthy();
    });

    it('answers a body that is not JSON with 400', async () => {
      const r = await t.app.inject({
        method: 'POST',
        url: `${A}/package_show`,
        headers: { 'content-type': 'application/json' },
        payload: '{"id":',
      });
      expect(r.statusCode).toBe(400);
      expect(r.json().error.__type).toBe('Bad request - JSON Error');
    });
  });

  describe('security', () => {
    it('a restricted dataset is not listed, searched, counted or shown to the anonymous', async () => {
      const urls = [
        `${A}/package_list`,
        `${A}/package_search?${q({ q: SECRET_MARK, 'facet.field': '["organization","tags"]' })}`,
        `${A}/package_search?${q({ fq: `name:${SECRET}` })}`,
        `${A}/package_search?${q({ 'facet.field': '["tags"]', 'facet.limit': '-1' })}`,
        `${A}/organization_list?all_fields=true`,
      ];
      for (const url of urls) {
        const r = await getJson(t.app, url);
        expect(r.status).toBe(200);
        expect(JSON.stringify(r.body)).not.toContain(SECRET);
        expect(JSON.stringify(r.body)).not.toContain(SECRET_MARK);
      }
      const syt = (
        await getJson(t.app, `${A}/organization_list?${q({ all_fields: 'true', organizations: '["syt"]' })}`)
      ).body.result[0];
      expect(syt.package_count).toBe(1);
      const show = await getJson(t.app, `${A}/package_show?id=${SECRET}`);
      expect(show.status).toBe(404);
      expect(show.body.error.__type).toBe('Not Found Error');
    });

    it('a key granted it sees it, marked private', async () => {
      const key = await grantedKey(t.database);
      expect((await getJson(t.app, `${A}/package_list`, key)).body.result).toContain(SECRET);
      const show = await getJson(t.app, `${A}/package_show?id=${SECRET}`, key);
      expect(show.body.result).toMatchObject({ name: SECRET, private: true });
      expect(await ids(`${A}/package_search?${q({ q: SECRET_MARK })}`, key)).toEqual([SECRET]);
    });

    it('a wrong key is refused in the CKAN envelope, never read as anonymous', async () => {
      const r = await getJson(t.app, `${A}/package_list`, { authorization: 'Bearer kho_nope_nope' });
      expect(r.status).toBe(401);
      expect(r.body).toMatchObject({ success: false, error: { __type: 'Authorization Error' } });
    });
  });
});
