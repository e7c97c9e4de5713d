/** Round tick values covering [min, max]: 1, 2 or 5 times a power of ten apart. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0];
  if (min === max) max = min + (Math.abs(min) || 1);
  const raw = (max - min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks: number[] = [];
  for (let v = Math.floor(min / step) * step; v <= max + step * 1e-9; v += step)
    ticks.push(Number(v.toPrecision(12)));
  if (ticks[ticks.length - 1]! < max) ticks.push(Number((ticks[ticks.length - 1]! + step).toPrecision(12)));
  return ticks;
}

export const linear =
  (d0: number, d1: number, r0: number, r1: number) =>
  (v: number): number =>
    d1 === d0 ? (r0 + r1) / 2 : r0 + ((v - d0) / (d1 - d0)) * (r1 - r0);

/** Short axis labels: 4 090 000 → "4,09 tr" (vi) / "4.09M" (en). */
export function compact(n: number, lang: 'vi' | 'en'): string {
  return new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-US', {
    notation: 'compact',
    maximumFractionDigits: 2,
  }).format(n);
}

/** A sequential blue ramp (light → dark) for the map: five steps. */
export const RAMP = ['#dbe9f6', '#a9cce8', '#6aaed6', '#3182bd', '#08519c'];

export function rampColor(v: number, min: number, max: number): string {
  if (max <= min) return RAMP[2]!;
  const i = Math.min(RAMP.length - 1, Math.floor(((v - min) / (max - min)) * RAMP.length));
  return RAMP[Math.max(0, i)]!;
}

export const fixed = (n: number) => Number(n.toFixed(1));
