import { query, sql } from '@kho/schema';
import { testEngines } from '@kho/schema/testing';
import Ajv2020 from 'ajv/dist/2020';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers';
import { createKey } from '../keys/keys.service';

describe.each(testEngines())('dataset writes and uploads on %s', (engine) => {
  let t: TestApp;
  let syt: string;
  let sgddt: string;
  beforeAll(async () => {
    t = await createTestApp(engine);
    syt = (await createKey(t.database.db, { agency: 'SYT', name: 'writer', scopes: ['write:publisher:SYT'] }))
      .key;
    sgddt = (
      await createKey(t.database.db, {
        agency: 'SGDDT',
        name: 'other',
        scopes: ['write:publisher:SGDDT', 'read:shared'],
      })
    ).key;
  });
  afterAll(async () => {
    await t?.close();
  });
  const send = (method: 'POST' | 'PATCH', url: string, body: unknown, key?: string) =>
    t.app.inject({
      method,
      url,
      payload: body as object,
      headers: key ? { authorization: `Bearer ${key}` } : {},
    });
  const upload = (id: string, text: string, key?: string, query = '', type = 'text/csv') =>
    t.app.inject({
      method: 'POST',
      url: `/v1/datasets/${id}/ingest${query}`,
      payload: text,
      headers: { 'content-type': type, ...(key ? { authorization: `Bearer ${key}` } : {}) },
    });

  const META = {
    id: 'test-clinics',
    kind: 'table',
    title: 'Phòng khám thử nghiệm',
    publisher: 'SYT',
    theme: 'health',
    access: 'shared',
  };

  it('creates a dataset with a writer’s key, and audits it', async () => {
    expect((await send('POST', '/v1/datasets', META)).statusCode).toBe(401);
    expect((await send('POST', '/v1/datasets', META, sgddt)).statusCode).toBe(403);
    const r = await send('POST', '/v1/datasets', META, syt);
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({
      id: 'test-clinics',
      access: 'shared',
      themes: ['health'],
      publisher: { code: 'SYT' },
    });
    expect((await send('POST', '/v1/datasets', META, syt)).statusCode).toBe(409);
    const log = await query<{ action: string; agency_code: string }>(
      t.database.db,
      sql`select action, agency_code from access_log where dataset_id = 'test-clinics'`,
    );
    expect(log).toEqual([{ action: 'write', agency_code: 'SYT' }]);
  });

  it('refuses invalid metadata with 400 naming the field', async () => {
    const r = await send('POST', '/v1/datasets', { ...META, id: 'Bad Id', access: 'secret' }, syt);
    expect(r.statusCode).toBe(400);
    expect(JSON.stringify(r.json().errors)).toMatch(/id/);
  });

  it('changes metadata; another publisher’s key gets 403 (it can see the dataset) and changes nothing', async () => {
    const other = await send('PATCH', '/v1/datasets/test-clinics', { title: 'Đổi tên' }, sgddt);
    expect(other.statusCode).toBe(403);
    const anon = await send('PATCH', '/v1/datasets/test-clinics', { title: 'Đổi tên' });
    expect(anon.statusCode).toBe(404);
    const r = await send(
      'PATCH',
      '/v1/datasets/test-clinics',
      { title: 'Phòng khám tư nhân', keywords: ['phòng khám'] },
      syt,
    );
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ title: 'Phòng khám tư nhân', keywords: ['phòng khám'] });
    const [row] = await query<{ search_text: string }>(
      t.database.db,
      sql`select search_text from datasets where id = 'test-clinics'`,
    );
    expect(row!.search_text).toContain('phong kham tu nhan');
  });

  it('loads an uploaded file, and answers a bad one with 422 listing the rows', async () => {
    const good = 'id,name,beds,district\n1,Phòng khám A,0,TP. Quy Nhơn\n2,Phòng khám B,5,Huyện Tây Sơn\n';
    const r = await upload('test-clinics', good, syt, '?file_name=phong-kham.csv');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ status: 'loaded', version: 1, rowsLoaded: 2 });
    const again = await upload('test-clinics', good, syt);
    expect(again.json()).toMatchObject({ status: 'unchanged', version: 1 });
    const bad = await upload('test-clinics', 'id,name,beds,district\n3,C,nhiều,Huyện Không Có\n', syt);
    expect(bad.statusCode).toBe(422);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    // The 422 is documented as it is sent, report included (the OpenAPI document said a bare problem).
    const doc = (await t.app.inject('/openapi.json')).json();
    const ajv = new Ajv2020({ strict: false });
    ajv.addSchema({ $id: 'doc', components: doc.components });
    const documented =
      doc.paths['/v1/datasets/{id}/ingest'].post.responses['422'].content['application/json'];
    const validate = ajv.compile(JSON.parse(JSON.stringify(documented.schema).replaceAll('"#/', '"doc#/')));
    expect(validate(bad.json()), ajv.errorsText(validate.errors)).toBe(true);
    expect(
      bad
        .json()
        .report.errors.map((e: { column: string }) => e.column)
        .sort(),
    ).toEqual(['beds', 'district']);
    const dry = await upload(
      'test-clinics',
      'id,name,beds,district\n3,C,1,Huyện Tây Sơn\n',
      syt,
      '?dry_run=true&mode=upsert',
    );
    expect(dry.json()).toMatchObject({ status: 'dry-run', added: 1, version: 1 });
  });

  it('guards uploads: key, publisher, content type, empty body', async () => {
    expect((await upload('test-clinics', 'a\n1\n')).statusCode).toBe(404);
    expect((await upload('test-clinics', 'a\n1\n', sgddt)).statusCode).toBe(403);
    expect((await upload('test-clinics', 'a\n1\n', syt, '', 'image/png')).statusCode).toBe(415);
    expect((await upload('test-clinics', '', syt)).statusCode).toBe(400);
    expect((await upload('no-such', 'a\n1\n', syt)).statusCode).toBe(404);
  });
});
