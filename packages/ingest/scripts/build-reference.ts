/**
 * Builds Kho's bundled reference files (reference/*.csv) from the published facts in
 * ../shared/data (GSO lists and the 2025 mapping). Run after the sources change:
 *   pnpm --filter @kho/ingest reference:build [--shared <dir>]
 * The output is our own format: one row per unit version (code, validity) and one per
 * succession, each naming its source key (reference/sources.csv, docs/reference-data.md).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { cleanText } from '../src/normalise/text';
import { stringify } from '../src/read/csv-write';

const argShared = process.argv.indexOf('--shared');
const SHARED = resolve(
  argShared > 0 ? process.argv[argShared + 1]! : join(import.meta.dirname, '../../../../shared/data'),
);
const argOut = process.argv.indexOf('--out');
const OUT = argOut > 0 ? resolve(process.argv[argOut + 1]!) : join(import.meta.dirname, '../reference');
const areasDir = join(SHARED, 'areas');

type Row = Record<string, string>;
const csv = (file: string): Row[] =>
  parse(readFileSync(join(areasDir, file)), { columns: true, bom: true, skip_empty_lines: true });
const json = (file: string) => JSON.parse(readFileSync(join(areasDir, file), 'utf8'));

type Unit = {
  code: string;
  name: string;
  type: string;
  level: 'province' | 'district' | 'commune';
  parent_code: string;
  valid_from: string;
  valid_to: string;
  source: string;
};
type Succession = {
  date: string;
  from_code: string;
  from_name: string;
  to_code: string;
  to_name: string;
  kind: 'merge' | 'split' | 'rename' | 'recode' | 'transfer';
  share: 'full' | 'partial';
  source: string;
};

const TYPES = ['Thành phố', 'Thị xã', 'Huyện', 'Phường', 'Thị trấn', 'Xã', 'Đặc khu', 'Tỉnh'];
function typeOf(name: string): string {
  const t = TYPES.find((p) => name.startsWith(`${p} `));
  if (!t) throw new Error(`no unit type in "${name}"`);
  return t;
}

// Dated events between the GSO lists. Every change found by comparing two lists must be dated
// here, with its legal source, or the build stops: nothing is guessed silently.
const REFORM = '2025-07-01';
const QN_MERGE = '2025-01-01';
const DATED_CHANGES: Record<string, { date: string; source: string }> = {
  district_543: { date: '2020-06-01', source: 'nq-932-2020' },
  commune_21898: { date: '2021-02-01', source: 'nq-1188-2021' },
  commune_21862: { date: QN_MERGE, source: 'nq-1257-2024' },
};
const HOAI_NHON = '543';

const units: Unit[] = [];
const successions: Succession[] = [];

// Province before and after 1 July 2025 (the code 52 was kept by the new Gia Lai).
units.push({
  code: '52',
  name: 'Tỉnh Bình Định',
  type: 'Tỉnh',
  level: 'province',
  parent_code: '',
  valid_from: '',
  valid_to: REFORM,
  source: 'gso-2019',
});
units.push({
  code: '52',
  name: 'Tỉnh Gia Lai',
  type: 'Tỉnh',
  level: 'province',
  parent_code: '',
  valid_from: REFORM,
  valid_to: '',
  source: 'nq-202-2025',
});
successions.push({
  date: REFORM,
  from_code: '52',
  from_name: 'Tỉnh Bình Định',
  to_code: '52',
  to_name: 'Tỉnh Gia Lai',
  kind: 'merge',
  share: 'full',
  source: 'nq-202-2025',
});
successions.push({
  date: REFORM,
  from_code: '64',
  from_name: 'Tỉnh Gia Lai',
  to_code: '52',
  to_name: 'Tỉnh Gia Lai',
  kind: 'merge',
  share: 'full',
  source: 'nq-202-2025',
});

// 2019 → 2024-11-10: the GSO change record (left: 2019-01-01, right: 2024-11-10).
const record = csv('binhdinh-52-gso-ward-change-record-2019-01-01_vs_2024-11-10.csv');
const districts = new Map<string, { before: string; after: string }>();
for (const r of record)
  districts.set(r['QH']!, { before: cleanText(r['Tên QH']!), after: cleanText(r['Tên QH DC']!) });
for (const [code, d] of districts) {
  if (d.before === d.after) {
    units.push({
      code,
      name: d.before,
      type: typeOf(d.before),
      level: 'district',
      parent_code: '52',
      valid_from: '',
      valid_to: REFORM,
      source: 'gso-2019',
    });
    continue;
  }
  const change = DATED_CHANGES[`district_${code}`];
  if (!change)
    throw new Error(`district ${code} changed (${d.before} → ${d.after}) but the change is not dated`);
  units.push({
    code,
    name: d.before,
    type: typeOf(d.before),
    level: 'district',
    parent_code: '52',
    valid_from: '',
    valid_to: change.date,
    source: 'gso-2019',
  });
  units.push({
    code,
    name: d.after,
    type: typeOf(d.after),
    level: 'district',
    parent_code: '52',
    valid_from: change.date,
    valid_to: REFORM,
    source: change.source,
  });
  successions.push({
    date: change.date,
    from_code: code,
    from_name: d.before,
    to_code: code,
    to_name: d.after,
    kind: 'rename',
    share: 'full',
    source: change.source,
  });
}

// 2025-01-01: six Quy Nhơn wards merged into two (codes 21580 and 21583 carry on under new names).
const qn = csv('binhdinh-52-merges-2025-01-01.csv');
const qnOld = new Set(qn.map((m) => m['old_code']!));
const qnNew = new Map(qn.map((m) => [m['new_code']!, cleanText(m['new_name']!)]));

/** The end of a 2024-state commune: merged on 2025-01-01, dated change, or the reform. */
const communeNow = new Map<string, { name: string; parent: string }>();
for (const r of record) {
  const code = r['Xã']!;
  if (r['Xã DC'] !== code || r['QH DC'] !== r['QH'])
    throw new Error(`commune ${code} changed code or district: not modelled`);
  const before = cleanText(r['Tên Xã']!);
  const after = cleanText(r['Tên Xã DC']!);
  const parent = r['QH']!;
  const end = qnOld.has(code) ? QN_MERGE : REFORM;
  if (before === after) {
    units.push({
      code,
      name: before,
      type: typeOf(before),
      level: 'commune',
      parent_code: parent,
      valid_from: '',
      valid_to: end,
      source: 'gso-2019',
    });
    if (end === REFORM) communeNow.set(code, { name: before, parent });
    continue;
  }
  const change =
    DATED_CHANGES[`commune_${code}`] ??
    (parent === HOAI_NHON ? DATED_CHANGES[`district_${HOAI_NHON}`] : undefined);
  if (!change) throw new Error(`commune ${code} changed (${before} → ${after}) but the change is not dated`);
  units.push({
    code,
    name: before,
    type: typeOf(before),
    level: 'commune',
    parent_code: parent,
    valid_from: '',
    valid_to: change.date,
    source: 'gso-2019',
  });
  units.push({
    code,
    name: after,
    type: typeOf(after),
    level: 'commune',
    parent_code: parent,
    valid_from: change.date,
    valid_to: end,
    source: change.source,
  });
  successions.push({
    date: change.date,
    from_code: code,
    from_name: before,
    to_code: code,
    to_name: after,
    kind: 'rename',
    share: 'full',
    source: change.source,
  });
  if (end === REFORM) communeNow.set(code, { name: after, parent });
}
for (const [code, name] of qnNew) {
  units.push({
    code,
    name,
    type: typeOf(name),
    level: 'commune',
    parent_code: '540',
    valid_from: QN_MERGE,
    valid_to: REFORM,
    source: 'nq-1257-2024',
  });
  communeNow.set(code, { name, parent: '540' });
}
for (const m of qn) {
  successions.push({
    date: m['effective_date']!,
    from_code: m['old_code']!,
    from_name: cleanText(m['old_name']!),
    to_code: m['new_code']!,
    to_name: cleanText(m['new_name']!),
    kind: 'merge',
    share: m['share'] === 'partial' ? 'partial' : 'full',
    source: 'nq-1257-2024',
  });
}
// Cát Khánh became a township between the GSO lists of 2024-11-10 and 2025-03-01.
{
  const dvhcvn = csv('binhdinh-52-dvhcvn-2025-03-01.csv');
  for (const r of dvhcvn) {
    const code = r['level3_id']!;
    const name = cleanText(r['level3_name']!);
    const now = communeNow.get(code);
    if (!now) throw new Error(`commune ${code} of the 2025-03-01 list is unknown`);
    if (now.parent !== r['level2_id']) throw new Error(`commune ${code} moved district`);
    if (now.name === name) continue;
    const change = DATED_CHANGES[`commune_${code}`];
    if (!change)
      throw new Error(`commune ${code} changed (${now.name} → ${name}) but the change is not dated`);
    const current = units.find((u) => u.code === code && u.level === 'commune' && u.valid_to === REFORM)!;
    current.valid_to = change.date;
    units.push({
      code,
      name,
      type: typeOf(name),
      level: 'commune',
      parent_code: now.parent,
      valid_from: change.date,
      valid_to: REFORM,
      source: change.source,
    });
    successions.push({
      date: change.date,
      from_code: code,
      from_name: now.name,
      to_code: code,
      to_name: name,
      kind: 'rename',
      share: 'full',
      source: change.source,
    });
    communeNow.set(code, { name, parent: now.parent });
  }
  if (dvhcvn.length !== communeNow.size)
    throw new Error(`2025-03-01 list has ${dvhcvn.length} communes, model ${communeNow.size}`);
}

// 2025-07-01: the new Gia Lai's communes, directly under the province.
const gialai = csv('gialai-52-communes-1027_CTK-CSCL-2025-07-01.csv');
const newNames = new Map<string, string>();
for (const r of gialai) {
  const name = cleanText(r['ten_don_vi']!);
  newNames.set(r['ma_so']!, name);
  units.push({
    code: r['ma_so']!,
    name,
    type: typeOf(name),
    level: 'commune',
    parent_code: '52',
    valid_from: REFORM,
    valid_to: '',
    source: 'gso-1027-2025',
  });
}
const merges = json('gialai-52-merges-new-to-old.json') as {
  level2s: { level2_id: string; name: string; merges: { old_id: string; name: string; type: string }[] }[];
};
const pairs = merges.level2s.flatMap((n) =>
  n.merges.map(
    (o) =>
      ({
        to: n.level2_id,
        from: o.old_id,
        fromName: cleanText(o.name),
        share: o.type === 'partial' ? 'partial' : 'full',
      }) as const,
  ),
);
// Cross-check against the old → new direction of the same mapping.
const splits = json('binhdinh-52-splits-old-to-new.json') as {
  level3s: { level3_id: string; splits: { new_id: string }[] }[];
};
const splitPairs = new Set(splits.level3s.flatMap((o) => o.splits.map((s) => `${o.level3_id}>${s.new_id}`)));
const ours = pairs.filter((p) => communeNow.has(p.from));
if (ours.length !== splitPairs.size || !ours.every((p) => splitPairs.has(`${p.from}>${p.to}`)))
  throw new Error('the new→old and old→new mappings disagree');
const successorsOf = new Map<string, number>();
const predecessorsOf = new Map<string, number>();
for (const p of pairs) {
  successorsOf.set(p.from, (successorsOf.get(p.from) ?? 0) + 1);
  predecessorsOf.set(p.to, (predecessorsOf.get(p.to) ?? 0) + 1);
}
for (const p of pairs) {
  const toName = newNames.get(p.to)!;
  const known = communeNow.get(p.from);
  const fromName = known?.name ?? p.fromName;
  let kind: Succession['kind'];
  if ((successorsOf.get(p.from) ?? 0) > 1) kind = 'split';
  else if ((predecessorsOf.get(p.to) ?? 0) > 1) kind = 'merge';
  else if (p.from !== p.to) kind = 'recode';
  else if (fromName !== toName) kind = 'rename';
  else kind = 'transfer';
  successions.push({
    date: REFORM,
    from_code: p.from,
    from_name: fromName,
    to_code: p.to,
    to_name: toName,
    kind,
    share: p.share,
    source: 'mapping-2025',
  });
}
for (const code of communeNow.keys())
  if (!successorsOf.has(code)) throw new Error(`commune ${code} has no successor in 2025`);

const unitCols = [
  'code',
  'name',
  'type',
  'level',
  'parent_code',
  'valid_from',
  'valid_to',
  'source',
] as const;
const succCols = ['date', 'from_code', 'from_name', 'to_code', 'to_name', 'kind', 'share', 'source'] as const;
units.sort(
  (a, b) =>
    ['province', 'district', 'commune'].indexOf(a.level) -
      ['province', 'district', 'commune'].indexOf(b.level) ||
    a.code.localeCompare(b.code) ||
    a.valid_from.localeCompare(b.valid_from),
);
successions.sort(
  (a, b) =>
    a.date.localeCompare(b.date) ||
    a.to_code.localeCompare(b.to_code) ||
    a.from_code.localeCompare(b.from_code),
);
writeFileSync(join(OUT, 'areas-52-units.csv'), stringify(units, unitCols));
writeFileSync(join(OUT, 'areas-52-successions.csv'), stringify(successions, succCols));
console.log(`wrote ${units.length} unit versions and ${successions.length} successions to ${OUT}`);
