import { AREA_TYPES } from '../../normalise/area-name';
import { cleanText } from '../../normalise/text';
import type { CsvRow } from '../../reference/files';
import type { RowProblem } from '../types';

const LEVELS = new Set(['province', 'district', 'commune']);
const KINDS = new Set(['merge', 'split', 'rename', 'recode', 'transfer']);
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const validDate = (s: string) =>
  DATE.test(s) &&
  !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) &&
  new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

export interface UnitRow {
  row: number;
  code: string;
  name: string;
  type: string;
  level: string;
  parent_code: string;
  valid_from: string;
  valid_to: string;
  source: string;
}
export interface SuccessionRow {
  row: number;
  date: string;
  from_code: string;
  from_name: string;
  to_code: string;
  to_name: string;
  kind: string;
  share: string;
  source: string;
}

const inForce = (u: { valid_from: string; valid_to: string }, at: string) =>
  (!u.valid_from || u.valid_from <= at) && (!u.valid_to || u.valid_to > at);

/**
 * Checks a temporal unit list (and its successions) as a whole before anything is written:
 * well-formed rows, no overlapping periods for one code, every parent in force whenever its
 * child is, every succession's new unit in force on its date.
 */
export function validateAreaList(
  units: UnitRow[],
  successions: SuccessionRow[],
  known: UnitRow[] = [],
): RowProblem[] {
  const problems: RowProblem[] = [];
  const p = (row: number, column: string, value: string, message: string, suggestion?: string) =>
    problems.push({ row, column, value, message, ...(suggestion ? { suggestion } : {}) });
  for (const u of units) {
    if (!/^\d{2,5}$/.test(u.code))
      p(u.row, 'code', u.code, 'a GSO code has 2 (province), 3 (district) or 5 (commune) digits');
    if (!cleanText(u.name)) p(u.row, 'name', u.name, 'the name is empty');
    if (!LEVELS.has(u.level)) p(u.row, 'level', u.level, 'level is province, district or commune');
    if (!AREA_TYPES.includes(u.type as never))
      p(u.row, 'type', u.type, `type is one of ${AREA_TYPES.join(', ')}`);
    for (const col of ['valid_from', 'valid_to'] as const) {
      if (u[col] && !validDate(u[col])) p(u.row, col, u[col], 'not a date (YYYY-MM-DD)');
    }
    if (u.valid_from && u.valid_to && u.valid_to <= u.valid_from)
      p(u.row, 'valid_to', u.valid_to, 'ends before it starts');
    if (u.level !== 'province' && !u.parent_code)
      p(u.row, 'parent_code', '', 'a district or commune needs its parent code');
  }
  if (problems.length) return problems;
  const all = [
    ...known.filter((k) => !units.some((u) => u.code === k.code && u.valid_from === k.valid_from)),
    ...units,
  ];
  const byCode = new Map<string, UnitRow[]>();
  for (const u of all) byCode.set(u.code, [...(byCode.get(u.code) ?? []), u]);
  for (const [code, versions] of byCode) {
    const sorted = [...versions].sort((a, b) =>
      (a.valid_from || '0000').localeCompare(b.valid_from || '0000'),
    );
    for (let i = 1; i < sorted.length; i++) {
      const prev = sorted[i - 1]!;
      const cur = sorted[i]!;
      if (!prev.valid_to || (cur.valid_from || '0000') < prev.valid_to) {
        p(
          cur.row,
          'valid_from',
          cur.valid_from,
          `code ${code} is already in force then (${prev.name}, row ${prev.row}): periods of one code must not overlap`,
        );
      }
    }
  }
  for (const u of units) {
    if (!u.parent_code) continue;
    const parents = byCode.get(u.parent_code) ?? [];
    const checks = [u.valid_from || '1900-01-01', u.valid_to ? prevDay(u.valid_to) : '2999-12-31'];
    for (const at of checks) {
      if (!parents.some((x) => inForce(x, at) || (!u.valid_from && at === '1900-01-01' && !x.valid_from))) {
        p(u.row, 'parent_code', u.parent_code, `no parent unit ${u.parent_code} is in force on ${at}`);
        break;
      }
    }
  }
  for (const s of successions) {
    if (!validDate(s.date)) p(s.row, 'date', s.date, 'not a date (YYYY-MM-DD)');
    if (!KINDS.has(s.kind)) p(s.row, 'kind', s.kind, 'kind is merge, split, rename, recode or transfer');
    if (s.share !== 'full' && s.share !== 'partial') p(s.row, 'share', s.share, 'share is full or partial');
    if (!(byCode.get(s.to_code) ?? []).some((u) => inForce(u, s.date))) {
      p(s.row, 'to_code', s.to_code, `no unit ${s.to_code} is in force on ${s.date}`);
    }
  }
  return problems;
}

function prevDay(d: string): string {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() - 1);
  return t.toISOString().slice(0, 10);
}

export function toUnitRows(rows: CsvRow[], startRow = 2): UnitRow[] {
  return rows.map((r, i) => ({
    row: startRow + i,
    code: cleanText(r['code'] ?? ''),
    name: cleanText(r['name'] ?? ''),
    type: cleanText(r['type'] ?? ''),
    level: cleanText(r['level'] ?? ''),
    parent_code: cleanText(r['parent_code'] ?? ''),
    valid_from: cleanText(r['valid_from'] ?? ''),
    valid_to: cleanText(r['valid_to'] ?? ''),
    source: cleanText(r['source'] ?? ''),
  }));
}

export function toSuccessionRows(rows: CsvRow[], startRow = 2): SuccessionRow[] {
  return rows.map((r, i) => ({
    row: startRow + i,
    date: cleanText(r['date'] ?? ''),
    from_code: cleanText(r['from_code'] ?? ''),
    from_name: cleanText(r['from_name'] ?? ''),
    to_code: cleanText(r['to_code'] ?? ''),
    to_name: cleanText(r['to_name'] ?? ''),
    kind: cleanText(r['kind'] ?? ''),
    share: cleanText(r['share'] ?? ''),
    source: cleanText(r['source'] ?? ''),
  }));
}
