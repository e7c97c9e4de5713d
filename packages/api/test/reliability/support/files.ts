import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const DISTRICTS = [
  'Thành phố Quy Nhơn',
  'Huyện Tây Sơn',
  'Huyện Vân Canh',
  'Thị xã An Nhơn',
  'Huyện Phù Cát',
];
const TYPES = ['hospital', 'clinic', 'health-station'];

/**
 * n health facilities for the records adapter (id is the key). `edition` changes every 10th
 * name, so two editions of the same size differ in a tenth of their rows.
 */
export function facilitiesCsv(n: number, edition = 1): string {
  const rows = ['id,name,type,beds,district,lat,lon'];
  for (let i = 1; i <= n; i++) {
    const name = `Cơ sở y tế số ${i}${i % 10 === 0 ? ` (bản ${edition})` : ''} — "Nhơn Bình", ghi chú`;
    const lat = (13.7 + (i % 100) * 0.003).toFixed(4);
    const lon = (109.2 - (i % 50) * 0.004).toFixed(4);
    rows.push(
      `${i},"${name.replace(/"/g, '""')}",${TYPES[i % 3]},${(i * 37) % 500},${DISTRICTS[i % 5]},${lat},${lon}`,
    );
  }
  return `${rows.join('\n')}\n`;
}

/** A temporary directory, removed by the returned function. */
export function tempDir(prefix: string): {
  dir: string;
  file(name: string, text: string): string;
  remove(): void;
} {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    file: (name, text) => {
      const p = join(dir, name);
      writeFileSync(p, text);
      return p;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
