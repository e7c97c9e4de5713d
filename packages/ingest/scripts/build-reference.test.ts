import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SHARED = join(import.meta.dirname, '../../../../shared/data');
const REFERENCE = join(import.meta.dirname, '../reference');
/** The demo manifest and every file it lists. */
const DEMO_FILES = [
  'demo/datasets.json',
  ...(JSON.parse(readFileSync(join(REFERENCE, 'demo/datasets.json'), 'utf8')) as { file: string }[]).map(
    (d) => `demo/${d.file}`,
  ),
];

// The bundled files must be exactly what our code makes from the published facts.
describe.skipIf(!existsSync(SHARED))('bundled reference files', () => {
  it.each([
    ['build-reference.ts', ['areas-52-units.csv', 'areas-52-successions.csv']],
    ['build-demo.ts', DEMO_FILES],
  ])('are reproduced by %s from ../shared/data', (script, files) => {
    const out = mkdtempSync(join(tmpdir(), 'kho-ref-'));
    execFileSync(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, script), '--shared', SHARED, '--out', out],
      {
        stdio: 'pipe',
      },
    );
    for (const f of files) {
      expect(readFileSync(join(out, f.replace(/^demo\//, '')), 'utf8')).toBe(
        readFileSync(join(REFERENCE, f), 'utf8'),
      );
    }
  });
});
