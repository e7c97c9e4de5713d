import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csvField, ingestFile } from '@kho/ingest';
import { type Database, datasetInput } from '@kho/schema';
import { createKey, revokeKey } from '../src/modules/keys/keys.service';

/**
 * The access matrix's world: three datasets, one per access level, each loaded twice (two
 * versions), with rows in Quy Nhơn (540) and one of its communes (21553) so that area queries
 * reach them. The non-open ones carry a marker in their title, description, keywords, a row
 * value, an indicator name and the loaded file's name: a principal that may not see the
 * dataset must never meet that marker, on any surface.
 */
export const MARK = { shared: 'ZqxMatrixShared', restricted: 'ZqxMatrixRestricted' } as const;
/** Words of the titles to search for (a search page may echo what was searched, never the marker). */
export const WORD = { open: 'momatran', shared: 'dungchungmatran', restricted: 'bimatmatran' } as const;
/** An indicator held only by the restricted dataset; `am-pop` is held by the open one too. */
export const SECRET_INDICATOR = 'am-secret';
export const SHARED_INDICATOR = 'am-pop';

export type DatasetKey = 'open' | 'shared' | 'restricted';
export const DATASET_KEYS: DatasetKey[] = ['open', 'shared', 'restricted'];

type Obs = { indicator: string; area: string; period: string; value: number };

export interface DatasetFacts {
  id: string;
  access: DatasetKey;
  publisher: string;
  themes: string[];
  kind: 'indicators' | 'table';
  /** Rows of the current version. */
  rows: number;
  /** Rows of the current version in area 540 or below. */
  rowsIn540: number;
  /** Indicator datasets: the current observations. */
  observations: Obs[];
}

const OPEN_OBS: Obs[] = [
  { indicator: SHARED_INDICATOR, area: '52', period: '2020', value: 1000 },
  { indicator: SHARED_INDICATOR, area: '540', period: '2020', value: 310 },
  { indicator: 'am-open-ind', area: '540', period: '2021', value: 5 },
];
const RESTRICTED_OBS: Obs[] = [
  { indicator: SHARED_INDICATOR, area: '21553', period: '2019', value: 77 },
  { indicator: SECRET_INDICATOR, area: '540', period: '2022', value: 424243 },
  { indicator: SECRET_INDICATOR, area: '21553', period: '2022', value: 7 },
];

export const DATASETS: Record<DatasetKey, DatasetFacts> = {
  open: {
    id: 'am-open',
    access: 'open',
    publisher: 'CTK',
    themes: ['health', 'tourism'],
    kind: 'indicators',
    rows: 3,
    rowsIn540: 2,
    observations: OPEN_OBS,
  },
  shared: {
    id: 'am-shared',
    access: 'shared',
    publisher: 'SGDDT',
    themes: ['education', 'health'],
    kind: 'table',
    rows: 3,
    rowsIn540: 2,
    observations: [],
  },
  restricted: {
    id: 'am-restricted',
    access: 'restricted',
    publisher: 'SYT',
    themes: ['digital', 'health'],
    kind: 'indicators',
    rows: 3,
    rowsIn540: 3,
    observations: RESTRICTED_OBS,
  },
};

/** An id of the same length that names no dataset: its answers must be the hidden dataset's, byte for byte. */
export const missingId = (k: DatasetKey) => DATASETS[k].id.replace(/^am-/, 'zz-');
export const MISSING_INDICATOR = 'zz-secret';

const AREA_NAMES: Record<string, string> = {
  '52': 'Tỉnh Bình Định',
  '540': 'Thành phố Quy Nhơn',
  '21553': 'Phường Nhơn Phú',
};
const IND: Record<string, [string, string, string, string]> = {
  [SHARED_INDICATOR]: ['Dân số (ma trận thử)', 'population (matrix test)', 'người', 'true'],
  'am-open-ind': ['Chỉ tiêu mở (ma trận thử)', 'open indicator (matrix test)', 'lượt', 'true'],
  [SECRET_INDICATOR]: [`Chỉ tiêu ${MARK.restricted}`, `secret ${MARK.restricted}`, 'hồ sơ', 'false'],
};

const dir = mkdtempSync(join(tmpdir(), 'kho-access-matrix-'));
const csv = (rows: (string | number)[][]) =>
  `${rows.map((r) => r.map((c) => csvField(String(c))).join(',')).join('\n')}\n`;

function indicatorsCsv(obs: Obs[], source: string) {
  return csv([
    [
      'indicator_code',
      'indicator',
      'indicator_en',
      'unit',
      'additive',
      'area_code',
      'area_name',
      'period',
      'value',
      'source',
    ],
    ...obs.map((o) => [
      o.indicator,
      ...IND[o.indicator]!,
      o.area,
      AREA_NAMES[o.area]!,
      o.period,
      o.value,
      source,
    ]),
  ]);
}

function schoolsCsv(studentsOfB: number) {
  return csv([
    ['id', 'name', 'students', 'district', 'lat', 'lon'],
    [1, `Trường ${MARK.shared} A`, 500, 'TP. Quy Nhơn', 13.7725, 109.2236],
    [2, 'Trường B (ma trận thử)', studentsOfB, 'TP. Quy Nhơn', 13.7931, 109.2101],
    [3, 'Trường C (ma trận thử)', 120, 'Huyện Tây Sơn', 13.9497, 108.9006],
  ]);
}

const meta = (k: DatasetKey) => {
  const d = DATASETS[k];
  const mark = k === 'open' ? 'Mở' : MARK[k];
  return datasetInput.parse({
    title: `Bộ ${mark} ${WORD[k]}`,
    titleEn: `Matrix ${mark}`,
    description: `Ma trận truy cập ${mark} (dữ liệu thử).`,
    publisher: d.publisher,
    themes: d.themes,
    keywords: k === 'open' ? ['ma trận'] : [mark.toLowerCase()],
    access: d.access,
    updateFrequency: 'annual',
    sources: [{ title: `Nguồn ${mark}`, url: `https://example.invalid/${mark}` }],
  });
};

async function load(database: Database, k: DatasetKey, version: 1 | 2, body: string) {
  const d = DATASETS[k];
  const name = `${k === 'open' ? 'open' : MARK[k]}-v${version}.csv`;
  const file = join(dir, `${database.engine}-${Math.random().toString(36).slice(2)}-${name}`);
  writeFileSync(file, body);
  const r = await ingestFile(database, {
    dataset: d.id,
    file,
    fileName: name,
    adapter: d.kind === 'table' ? 'records' : 'indicators',
    ...(version === 1 ? { meta: meta(k) } : {}),
    actor: 'test',
  });
  if (r.status !== 'loaded' || r.version !== version)
    throw new Error(`${d.id} v${version}: ${r.status} ${JSON.stringify(r.errors?.slice(0, 3))}`);
  return r.ingestId!;
}

export type Reader = 'anonymous' | 'shared' | 'granted' | 'other' | 'owner';
export type Refused = 'revoked' | 'expired';
export type Who = Reader | Refused;

export interface MatrixWorld {
  keys: Record<Exclude<Who, 'anonymous'>, string>;
  /** The ingest run of each dataset's latest version. */
  ingests: Record<DatasetKey, number>;
}

/**
 * The principals: anonymous; a key with read:shared; a key granted the restricted dataset by
 * name; another agency's key granted another dataset (the shared one) by name; the
 * restricted dataset's publisher (a write key reads its own datasets); and a revoked and an
 * expired key that held every grant.
 */
export async function loadMatrix(database: Database): Promise<MatrixWorld> {
  const ingests = {} as Record<DatasetKey, number>;
  const openV1 = OPEN_OBS.map((o) =>
    o.area === '540' && o.indicator === SHARED_INDICATOR ? { ...o, value: 300 } : o,
  );
  await load(database, 'open', 1, indicatorsCsv(openV1, 'https://example.invalid/open'));
  ingests.open = await load(database, 'open', 2, indicatorsCsv(OPEN_OBS, 'https://example.invalid/open'));
  await load(database, 'shared', 1, schoolsCsv(300));
  ingests.shared = await load(database, 'shared', 2, schoolsCsv(301));
  const secretSource = `https://example.invalid/${MARK.restricted}`;
  const restrictedV1 = RESTRICTED_OBS.map((o) => (o.value === 424243 ? { ...o, value: 424242 } : o));
  await load(database, 'restricted', 1, indicatorsCsv(restrictedV1, secretSource));
  ingests.restricted = await load(database, 'restricted', 2, indicatorsCsv(RESTRICTED_OBS, secretSource));

  const key = async (agency: string, name: string, scopes: string[], expiresAt?: string) =>
    createKey(database.db, { agency, name, scopes, ...(expiresAt ? { expiresAt } : {}) });
  const all = ['read:shared', `read:dataset:${DATASETS.restricted.id}`];
  const revoked = await key('STC', 'matrix revoked', all);
  await revokeKey(database.db, revoked.prefix);
  const expired = await key('STC', 'matrix expired', all, new Date(Date.now() - 60_000).toISOString());
  return {
    keys: {
      shared: (await key('STTTT', 'matrix read:shared', ['read:shared'])).key,
      granted: (await key('SKHDT', 'matrix granted', [`read:dataset:${DATASETS.restricted.id}`])).key,
      other: (await key('SCT', 'matrix other agency', [`read:dataset:${DATASETS.shared.id}`])).key,
      owner: (await key('SYT', 'matrix owner', [`write:publisher:${DATASETS.restricted.publisher}`])).key,
      revoked: revoked.key,
      expired: expired.key,
    },
    ingests,
  };
}

/** Which datasets each principal may see: the expectations every surface is held to. */
export const SEES: Record<Reader, DatasetKey[]> = {
  anonymous: ['open'],
  shared: ['open', 'shared'],
  granted: ['open', 'restricted'],
  // A grant by name opens that dataset whatever its level, and nothing else.
  other: ['open', 'shared'],
  // write:publisher:SYT reads SYT's datasets.
  owner: ['open', 'restricted'],
};
export const READERS = Object.keys(SEES) as Reader[];
export const REFUSED: Refused[] = ['revoked', 'expired'];
