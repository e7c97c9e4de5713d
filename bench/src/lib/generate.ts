import { once } from 'node:events';
import { createWriteStream, existsSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REFERENCE_DIR } from '@kho/ingest';
import { parse } from 'csv-parse/sync';

type Unit = { code: string; name: string; level: string; valid_from: string; valid_to: string };

/** Deterministic pseudo-random numbers, so every run loads the same file. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const INDICATORS = Array.from({ length: 20 }, (_, i) => ({
  code: `bench.indicator-${String(i + 1).padStart(2, '0')}`,
  name: `Chỉ tiêu thử nghiệm số ${i + 1}`,
  unit: i % 3 === 0 ? '%' : i % 3 === 1 ? 'người' : 'tỷ đồng',
}));
const SEX = ['Tổng số', 'Nam', 'Nữ'];

/**
 * A long indicator CSV as departments send them: Vietnamese headers, area names (not codes),
 * periods as "tháng M/YYYY", Vietnamese number formats. Each month names the communes in force then
 * (159, then 155 from 2025, then the 135 of the new Gia Lai from July 2025): 20 indicators × 3 sexes × monthly periods.
 */
export async function indicatorCsv(rows: number): Promise<string> {
  const file = join(tmpdir(), `kho-bench-indicators-${rows}.csv`);
  if (existsSync(file)) return file;
  const units = (
    parse(readFileSync(join(REFERENCE_DIR, 'areas-52-units.csv')), { columns: true }) as Unit[]
  ).filter((u) => u.level === 'commune');
  const inForce = (date: string) =>
    units.filter((u) => (!u.valid_from || u.valid_from <= date) && (!u.valid_to || u.valid_to > date));
  const months: { label: string; units: Unit[] }[] = [];
  for (let y = 2017; y <= 2026; y++) {
    for (let m = 1; m <= 12; m++) {
      if (y === 2026 && m > 10) break;
      months.push({ label: `tháng ${m}/${y}`, units: inForce(`${y}-${String(m).padStart(2, '0')}-28`) });
    }
  }
  const r = rng(52);
  const partial = `${file}.${process.pid}`;
  const out = createWriteStream(partial);
  out.write('Mã chỉ tiêu,Chỉ tiêu,Đơn vị tính,Địa bàn,Giới tính,Kỳ,Giá trị\n');
  let n = 0;
  outer: for (const month of months) {
    for (const u of month.units) {
      for (const ind of INDICATORS) {
        for (const sex of SEX) {
          if (n >= rows) break outer;
          const v = r() * 100_000;
          const value = n % 4 === 0 ? `"${v.toFixed(1).replace('.', ',')}"` : String(Math.round(v));
          if (!out.write(`${ind.code},${ind.name},${ind.unit},${u.name},${sex},${month.label},${value}\n`))
            await once(out, 'drain');
          n++;
        }
      }
    }
  }
  out.end();
  await once(out, 'finish');
  if (n < rows) throw new Error(`the generator makes at most ${n} rows`);
  renameSync(partial, file);
  return file;
}

const FACILITY_TYPES = ['Bệnh viện', 'Trạm y tế', 'Phòng khám', 'Trung tâm y tế', 'Nhà thuốc'];

/**
 * A health-facility registry of `rows` rows: a department code, a Vietnamese name and type, an
 * address, the commune's code (the 135 communes in force today), beds (a third empty) and a point.
 */
export async function facilityCsv(rows: number): Promise<string> {
  const file = join(tmpdir(), `kho-bench-facilities-${rows}.csv`);
  if (existsSync(file)) return file;
  const communes = (
    parse(readFileSync(join(REFERENCE_DIR, 'areas-52-units.csv')), { columns: true }) as Unit[]
  ).filter((u) => u.level === 'commune' && !u.valid_to);
  const r = rng(7);
  const partial = `${file}.${process.pid}`;
  const out = createWriteStream(partial);
  out.write('Mã cơ sở,Tên cơ sở,Loại hình,Địa chỉ,Mã xã,Số giường,Vĩ độ,Kinh độ\n');
  for (let n = 0; n < rows; n++) {
    const type = FACILITY_TYPES[n % FACILITY_TYPES.length]!;
    const u = communes[Math.floor(r() * communes.length)]!;
    const beds = n % 3 === 0 ? '' : String(Math.floor(r() * 500));
    const lat = (13 + r() * 1.5).toFixed(6);
    const lon = (108.5 + r() * 1).toFixed(6);
    const line = `CS${String(n + 1).padStart(6, '0')},${type} số ${n + 1} ${u.name},${type},"${n % 200} Nguyễn Huệ, ${u.name}",${u.code},${beds},${lat},${lon}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  renameSync(partial, file);
  return file;
}
