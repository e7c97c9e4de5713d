import { type Period, parsePeriod } from '../normalise/period';
import { cleanText } from '../normalise/text';
import type { Cell } from '../read/types';

export type PeriodResult = { ok: true; period: Period; target: boolean } | { ok: false; reason: string };

const TARGET = /\((target|plan|kế hoạch|ke hoach|mục tiêu|muc tieu)\)\s*$/i;

/**
 * A period cell, in every form the normaliser knows, plus what published tables add: an ISO
 * interval "2018-01/2018-09" and a trailing note in brackets ("2021 (target)", "2019-09 (2/9
 * holiday)"), which is kept in the label; "(target)" marks a plan figure.
 */
export function parsePeriodCell(cell: Cell): PeriodResult {
  if (cell === null || cell === '') return { ok: false, reason: 'no period given' };
  const label = cleanText(String(cell));
  const target = TARGET.test(label);
  const text = label.replace(/\s*\([^()]*\)\s*$/, '').trim() || label;
  const direct = parsePeriod(text);
  if (direct) return { ok: true, period: { ...direct, label }, target };
  const interval = /^(\S+)\s*\/\s*(\S+)$/.exec(text);
  if (interval && /^\d{4}-\d{2}/.test(interval[1]!) && /^\d{4}-\d{2}/.test(interval[2]!)) {
    const a = parsePeriod(interval[1]!);
    const b = parsePeriod(interval[2]!);
    if (a && b && a.start <= b.end)
      return { ok: true, period: { start: a.start, end: b.end, granularity: 'range', label }, target };
  }
  return {
    ok: false,
    reason:
      'not a period; write it as 2022, Q1/2022, tháng 5/2022, 31/05/2022, 6 tháng đầu năm 2024 or vụ Đông Xuân 2023–2024',
  };
}

/** Periods repeat on every row: parse each distinct text once. */
export class PeriodCache {
  private readonly cache = new Map<string, PeriodResult>();
  parse(cell: Cell): PeriodResult {
    const key = cell === null ? '' : String(cell);
    let hit = this.cache.get(key);
    if (!hit) {
      hit = parsePeriodCell(cell);
      if (this.cache.size < 100_000) this.cache.set(key, hit);
    }
    return hit;
  }
}
