import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { demoTemplate } from '@kho/ingest/testing';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BODY_EXAMPLES,
  type Document,
  exampleUrl,
  type Operation,
  PARAMETER_EXAMPLES,
  RESPONSES_FILE,
} from '../src/plugins/openapi-examples';
import { createTestApp, type TestApp } from './helpers';

const COMMITTED = join(import.meta.dirname, '../openapi.json');
const REGENERATE = 'run `pnpm --filter @kho/api openapi` (`openapi:examples` also re-records the answers)';
/** Operations whose success has no body to show: a redirect (303) and two 204s. */
const NO_BODY = ['deleteSubscription', 'getCatalog', 'retireDataset'];
/** A workbook is binary: the document shows no example of it. */
const BINARY = ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'];

type Parameter = NonNullable<Operation['parameters']>[number] & { schema?: object; description?: string };

describe('the OpenAPI document', () => {
  let t: TestApp;
  let doc: Document & { tags: { name: string }[]; components: object };
  let ops: { path: string; method: string; op: Operation }[];
  beforeAll(async () => {
    // As print-openapi.ts builds it: a default instance on the demo data.
    t = await createTestApp('pglite', demoTemplate, { publicUrl: 'http://127.0.0.1:3000' });
    doc = (await t.app.inject({ url: '/openapi.json' })).json();
    ops = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => ({ path, method, op })),
    );
  });
  afterAll(async () => {
    await t?.close();
  });

  it(`matches the committed openapi.json (${REGENERATE} after a change)`, () => {
    const committed = JSON.parse(readFileSync(COMMITTED, 'utf8'));
    expect(committed, `openapi.json is not what the server serves: ${REGENERATE}`).toEqual(doc);
  });

  it('gives every operation an operationId, summary, description, known tags and a 2xx example', () => {
    const tags = new Set(doc.tags.map((x) => x.name));
    const missing: string[] = [];
    const noBody: string[] = [];
    for (const { path, method, op } of ops) {
      const name = op.operationId ?? `${method} ${path}`;
      for (const field of ['operationId', 'summary', 'description'])
        if (typeof op[field] !== 'string' || !op[field]) missing.push(`${name}: ${field}`);
      const opTags = (op.tags ?? []) as string[];
      if (!opTags.length || opTags.some((x) => !tags.has(x))) missing.push(`${name}: tags ${opTags}`);
      const ok = Object.entries(op.responses).filter(([status, r]) => /^2/.test(status) && r.content);
      if (!ok.length) noBody.push(name);
      for (const [status, r] of ok)
        for (const [type, media] of Object.entries(r.content!))
          if (media.example === undefined && !BINARY.includes(type))
            missing.push(`${name}: example of ${status} ${type}`);
    }
    expect(missing, REGENERATE).toEqual([]);
    expect(noBody.sort()).toEqual(NO_BODY);
  });

  it('describes every parameter and gives it an example', () => {
    const missing = ops.flatMap(({ op }) =>
      ((op.parameters ?? []) as Parameter[]).flatMap((p) => [
        ...(p.description ? [] : [`${op.operationId}.${p.name}: description`]),
        ...(p.example === undefined ? [`${op.operationId}.${p.name}: example`] : []),
      ]),
    );
    expect(missing).toEqual([]);
  });

  it('has examples that validate against their schemas', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema({ $id: 'doc', components: doc.components });
    const invalid: string[] = [];
    const check = (where: string, schema: object | undefined, example: unknown) => {
      if (!schema || example === undefined) return;
      const validate = ajv.compile(JSON.parse(JSON.stringify(schema).replaceAll('"#/', '"doc#/')));
      if (!validate(example)) invalid.push(`${where}: ${ajv.errorsText(validate.errors)}`);
    };
    let checked = 0;
    for (const { op } of ops) {
      for (const p of (op.parameters ?? []) as Parameter[]) {
        check(`${op.operationId}.${p.name}`, p.schema, p.example);
        checked++;
      }
      for (const [type, media] of Object.entries(op.requestBody?.content ?? {}))
        check(`${op.operationId} body ${type}`, media.schema as object, media.example);
      for (const [status, r] of Object.entries(op.responses))
        for (const [type, media] of Object.entries(r.content ?? {})) {
          check(`${op.operationId} ${status} ${type}`, media.schema as object, media.example);
          if (media.example !== undefined) checked++;
        }
    }
    expect(invalid, REGENERATE).toEqual([]);
    expect(checked).toBeGreaterThan(150);
  });

  it('has parameter examples that work together on the demo data', async () => {
    const failed: string[] = [];
    // The operations that need a key run in scripts/capture-examples.ts, on a copy of the data.
    for (const { path, op } of ops.filter((o) => o.method === 'get' && !o.op.security)) {
      const url = exampleUrl(path, op);
      const r = await t.app.inject({ url });
      if (r.statusCode >= 400 || !op.responses[r.statusCode])
        failed.push(`${op.operationId} ${url}: ${r.statusCode} ${r.body.slice(0, 300)}`);
    }
    expect(failed).toEqual([]);
  });

  it('has no example for a parameter, body or answer the document does not have', () => {
    const params = new Set(
      ops.flatMap(({ op }) => (op.parameters ?? []).flatMap((p) => [p.name, `${op.operationId}.${p.name}`])),
    );
    const byId = new Map(ops.map(({ op }) => [op.operationId, op]));
    const recorded: Record<string, Record<string, Record<string, unknown>>> = JSON.parse(
      readFileSync(RESPONSES_FILE, 'utf8'),
    );
    const stale = [
      ...Object.keys(PARAMETER_EXAMPLES).filter((k) => !params.has(k)),
      ...Object.keys(BODY_EXAMPLES).filter((id) => !byId.get(id)?.requestBody),
      ...Object.entries(recorded).flatMap(([id, statuses]) =>
        Object.entries(statuses).flatMap(([status, types]) =>
          Object.keys(types)
            .filter((type) => !byId.get(id)?.responses[status]?.content?.[type])
            .map((type) => `${id} ${status} ${type}`),
        ),
      ),
    ];
    expect(stale, REGENERATE).toEqual([]);
  });
});
