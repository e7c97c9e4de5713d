export type Granularity = 'year' | 'half' | 'quarter' | 'month' | 'date' | 'season' | 'range';
export interface Period {
  /** First day, ISO date. */
  start: string;
  /** Last day (inclusive), ISO date. */
  end: string;
  granularity: Granularity;
  /** The period as written, cleaned. */
  label: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** Minimal form (year, ISO date); the full Vietnamese grammar replaces it. */
export function parsePeriod(text: string): Period | null {
  const label = text.trim();
  let m = /^(\d{4})$/.exec(label);
  if (m) return { start: `${m[1]}-01-01`, end: `${m[1]}-12-31`, granularity: 'year', label };
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(label);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (mo < 1 || mo > 12 || d < 1 || d > lastDay(y, mo)) return null;
    return { start: `${y}-${pad(mo)}-${pad(d)}`, end: `${y}-${pad(mo)}-${pad(d)}`, granularity: 'date', label };
  }
  return null;
}
