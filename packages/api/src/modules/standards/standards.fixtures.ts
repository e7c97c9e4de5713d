import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestFile } from '@kho/ingest';
import { referenceTemplate } from '@kho/ingest/testing';
import type { Database, DatasetInput, Engine } from '@kho/schema';
import { expect } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers';
import { createKey } from '../keys/keys.service';

/** ../shared beside the repository: the standards' schemas and shapes (CI has it). */
export const SHARED = join(import.meta.dirname, '../../../../../../shared');
export const STANDARDS = join(SHARED, 'standards');
export const hasStandards = existsSync(STANDARDS);
if (!hasStandards)
  console.warn(`standards tests skipped: ${STANDARDS} is absent (it is ../shared beside the repo)`);

const dir = mkdtempSync(join(tmpdir(), 'kho-standards-'));

export const FACILITIES = 'std-facilities';
export const INDICATORS = 'std-digital';
export const SECRET = 'std-secret';
/** Words only the restricted dataset has, to look for anywhere in an answer. */
export const SECRET_MARK = 'Mật-Kho-Xyz';

/**
 * Kho with the reference data (areas, publishers) and only these datasets, loaded like any
 * publisher's file: open health facilities (a table), open digital indicators, and a
 * restricted indicator dataset. The demo datasets stay out, so counts are the tests' own.
 */
export async function createStandardsApp(engine: Engine): Promise<TestApp> {
  const t = await createTestApp(engine, referenceTemplate);
  await loadStandardsFixtures(t.database);
  return t;
}

type Meta = Pick<DatasetInput, 'title' | 'publisher' | 'themes'> & Partial<DatasetInput>;

async function loadIndicators(database: Database, dataset: string, csv: string, meta: Meta) {
  const file = join(dir, `${dataset}-${database.engine}-${Date.now()}.csv`);
  writeFileSync(file, csv);
  const report = await ingestFile(database, {
    dataset,
    file,
    adapter: 'indicators',
    actor: 'test',
    meta: { description: '', keywords: [], license: 'CC-BY-4.0', access: 'open', sources: [], ...meta },
  });
  expect(report.status).toBe('loaded');
}

async function loadStandardsFixtures(database: Database) {
  const csv = [
    'name,type,beds,district,lat,lon,opened',
    'Bệnh viện Đa khoa tỉnh,hospital,1200,TP. Quy Nhơn,13.7701,109.2231,1975-04-01',
    'Bệnh viện Lao và Bệnh phổi,hospital,250,TP. Quy Nhơn,13.7563,109.2107,1990-06-15',
    '"Phòng khám Hòa Bình, cơ sở 2",clinic,12,Huyện Tây Sơn,13.9475,108.9841,2015-09-01',
    'Trạm y tế xã Tây Giang,health-station,5,Huyện Tây Sơn,13.9012,108.8825,2001-01-10',
    'Trung tâm y tế huyện Vân Canh,hospital,90,Huyện Vân Canh,13.6223,108.9974,',
  ].join('\n');
  const facilities = join(dir, `facilities-${database.engine}-${Date.now()}.csv`);
  writeFileSync(facilities, `${csv}\n`);
  const table = await ingestFile(database, {
    dataset: FACILITIES,
    file: facilities,
    adapter: 'records',
    actor: 'test',
    meta: {
      title: 'Cơ sở y tế (kiểm thử)',
      titleEn: 'Health facilities (test)',
      description: 'Bệnh viện, phòng khám và trạm y tế.',
      publisher: 'SYT',
      themes: ['health'],
      keywords: ['bệnh viện', 'y tế'],
      license: 'CC-BY-4.0',
      access: 'open',
      updateFrequency: 'annual',
      temporalStart: '2022-01-01',
      temporalEnd: '2022-12-31',
      spatialCode: '52',
      contactEmail: 'syt@example.vn',
      sources: [{ title: 'OpenStreetMap', url: 'https://www.openstreetmap.org/' }],
    },
  });
  expect(table.status).toBe('loaded');
  await loadIndicators(
    database,
    INDICATORS,
    'Chỉ tiêu,Đơn vị tính,Địa bàn,Năm,Giá trị\nSố trạm BTS,trạm,Phường Nhơn Phú,2022,1723\nSố trạm BTS,trạm,Phường Nhơn Phú,2021,1650\n',
    {
      title: 'Hạ tầng số (kiểm thử)',
      titleEn: 'Digital infrastructure (test)',
      description: 'Số trạm BTS.',
      publisher: 'STTTT',
      themes: ['digital'],
      keywords: ['BTS'],
      updateFrequency: 'irregular',
    },
  );
  await loadIndicators(
    database,
    SECRET,
    'Chỉ tiêu,Địa bàn,Năm,Giá trị\nChỉ tiêu mật,Phường Nhơn Phú,2022,7\n',
    {
      title: `Dữ liệu hạn chế ${SECRET_MARK}`,
      publisher: 'SYT',
      themes: ['health'],
      access: 'restricted',
      keywords: [SECRET_MARK],
      description: SECRET_MARK,
    },
  );
}

/** An Authorization header of a key granted the restricted dataset. */
export async function grantedKey(database: Database): Promise<Record<string, string>> {
  const k = await createKey(database.db, {
    agency: 'SYT',
    name: `std-${Date.now()}`,
    scopes: [`read:dataset:${SECRET}`],
  });
  return { authorization: `Bearer ${k.key}` };
}
