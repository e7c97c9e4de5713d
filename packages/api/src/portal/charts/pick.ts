import type { Observation } from '@kho/schema';

export interface Point {
  label: string;
  value: number;
  flag: string | null;
  source: string | null;
  areaCode: string;
  areaName: string;
  periodStart: string;
}

export type ChartPlan =
  | { kind: 'time'; code: string; unit: string; areaName: string; points: Point[] }
  | { kind: 'areas'; code: string; unit: string; period: string; points: Point[] }
  | { kind: 'none'; code: string | null };

/** How a period reads: as published, else a year, else its dates. */
export function periodLabel(o: Pick<Observation, 'period' | 'periodStart' | 'periodEnd'>): string {
  if (o.period) return o.period;
  const y = o.periodStart.slice(0, 4);
  if (o.periodStart === `${y}-01-01` && o.periodEnd === `${y}-12-31`) return y;
  return o.periodStart === o.periodEnd ? o.periodStart : `${o.periodStart} – ${o.periodEnd}`;
}

const toPoint = (o: Observation): Point => ({
  label: periodLabel(o),
  value: o.value,
  flag: o.flag,
  source: o.source,
  areaCode: o.areaCode,
  areaName: o.areaName,
  periodStart: o.periodStart,
});

function mostCommon<T>(items: T[], key: (t: T) => string, prefer?: string): string | undefined {
  const counts = new Map<string, number>();
  for (const i of items) counts.set(key(i), (counts.get(key(i)) ?? 0) + 1);
  let best: string | undefined;
  for (const [k, n] of counts)
    if (best === undefined || n > counts.get(best)! || (n === counts.get(best) && k === prefer)) best = k;
  return best;
}

/** One indicator's comparable rows: one set of dimensions (none if it can) and one granularity. */
export function comparable(obs: Observation[], code: string): Observation[] {
  const mine = obs.filter((o) => o.indicator === code);
  const dims = mostCommon(mine, (o) => JSON.stringify(o.dimensions ?? {}), '{}');
  const sameDims = mine.filter((o) => JSON.stringify(o.dimensions ?? {}) === dims);
  const gran = mostCommon(sameDims, (o) => o.granularity);
  return sameDims.filter((o) => o.granularity === gran);
}

const LEVEL_RANK: Record<string, number> = { province: 0, district: 1, commune: 2 };

function shape(rows: Observation[]) {
  const byArea = new Map<string, Observation[]>();
  const byPeriod = new Map<string, Observation[]>();
  for (const o of rows) {
    byArea.set(o.areaCode, [...(byArea.get(o.areaCode) ?? []), o]);
    byPeriod.set(o.periodStart, [...(byPeriod.get(o.periodStart) ?? []), o]);
  }
  const periods = Math.max(0, ...[...byArea.values()].map((l) => new Set(l.map((o) => o.periodStart)).size));
  const areas = Math.max(0, ...[...byPeriod.values()].map((l) => new Set(l.map((o) => o.areaCode)).size));
  return { byArea, byPeriod, periods, areas };
}

/**
 * What to draw for an indicator dataset: the asked indicator, else the one with the longest
 * series — value over time when it has several periods, by area when it has several areas.
 */
export function planChart(obs: Observation[], asked?: string): ChartPlan {
  const codes = [...new Set(obs.map((o) => o.indicator))];
  if (!codes.length) return { kind: 'none', code: null };
  const shapes = new Map(codes.map((c) => [c, shape(comparable(obs, c))]));
  const score = (c: string) => {
    const s = shapes.get(c)!;
    return s.periods >= 2 ? 1e6 + s.periods * 1000 + s.areas : s.areas;
  };
  const code = asked && shapes.has(asked) ? asked : codes.reduce((a, b) => (score(b) > score(a) ? b : a));
  const s = shapes.get(code)!;
  const unit = obs.find((o) => o.indicator === code)!.unit;
  if (s.periods >= 2) {
    const series = [...s.byArea.values()].sort(
      (a, b) =>
        new Set(b.map((o) => o.periodStart)).size - new Set(a.map((o) => o.periodStart)).size ||
        (LEVEL_RANK[a[0]!.areaLevel] ?? 9) - (LEVEL_RANK[b[0]!.areaLevel] ?? 9),
    )[0]!;
    const points = [...new Map(series.map((o) => [o.periodStart, o])).values()]
      .sort((a, b) => a.periodStart.localeCompare(b.periodStart))
      .map(toPoint);
    return { kind: 'time', code, unit, areaName: series[0]!.areaName, points };
  }
  if (s.areas >= 2) {
    const [start, rows] = [...s.byPeriod.entries()]
      .filter(([, l]) => l.length >= 2)
      .sort(([a], [b]) => b.localeCompare(a))[0]!;
    const points = [...new Map(rows.map((o) => [o.areaCode, o])).values()]
      .map(toPoint)
      .sort((a, b) => b.value - a.value);
    return { kind: 'areas', code, unit, period: points[0]?.label ?? start, points };
  }
  return { kind: 'none', code };
}

/** The latest value of an indicator in each area (for the map). */
export function latestByArea(obs: Observation[], code: string | null): Map<string, Point> {
  const out = new Map<string, Point>();
  if (!code) return out;
  for (const o of comparable(obs, code)) {
    const had = out.get(o.areaCode);
    if (!had || had.periodStart < o.periodStart) out.set(o.areaCode, toPoint(o));
  }
  return out;
}
