/**
 * Writes the served OpenAPI document to openapi.json (committed, linted by Spectral in CI;
 * a test fails when it drifts from what the server serves).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { demoTemplate } from '@kho/ingest/testing';
import { createTestApp } from '../test/helpers';

/** The document as a default `pnpm start` serves it. */
const PUBLIC_URL = 'http://127.0.0.1:3000';
const t = await createTestApp('pglite', demoTemplate, { publicUrl: PUBLIC_URL });
try {
  const r = await t.app.inject({ url: '/openapi.json' });
  const out = join(import.meta.dirname, '../openapi.json');
  writeFileSync(out, `${JSON.stringify(r.json(), null, 2)}\n`);
  console.log(`wrote ${out}`);
} finally {
  await t.close();
}
