import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withReference } from '../scripts/config-reference';

describe('docs/operations.md', () => {
  it('carries the configuration reference generated from the environment schema', () => {
    const doc = readFileSync(join(import.meta.dirname, '../../../docs/operations.md'), 'utf8');
    expect(doc).toBe(withReference(doc));
    expect(doc).toContain('| `DATABASE_READ_URL` |');
  });
});
