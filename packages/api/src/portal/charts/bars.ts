import type { Ctx } from '../context';
import { type Html, html } from '../html';
import type { Point } from './pick';
import { compact, fixed, linear, niceTicks } from './scale';

const W = 640;
const ROW = 30;
const M = { l: 170, r: 72, t: 8, b: 28 };
export const MAX_BARS = 40;

/** Value by area for one period: horizontal bars, largest first. */
export function barChart(ctx: Ctx, id: string, title: string, unit: string, points: Point[]): Html {
  const shown = points.slice(0, MAX_BARS);
  const H = M.t + M.b + ROW * shown.length;
  const values = shown.map((p) => p.value);
  const ticks = niceTicks(Math.min(0, ...values), Math.max(...values), 4);
  const x = linear(ticks[0]!, ticks[ticks.length - 1]!, M.l, W - M.r);
  const short = (s: string) => (s.length > 24 ? `${s.slice(0, 23)}…` : s);
  return html`<svg role="img" aria-labelledby="${id}-t" viewBox="0 0 ${W} ${H}" xmlns="http://www.w3.org/2000/svg">
  <title id="${id}-t">${title}</title>
  ${ticks.map(
    (v) => html`<line class="grid" x1="${fixed(x(v))}" x2="${fixed(x(v))}" y1="${M.t}" y2="${H - M.b}"/>
    <text x="${fixed(x(v))}" y="${H - M.b + 16}" text-anchor="middle">${compact(v, ctx.lang)}</text>`,
  )}
  ${shown.map((p, i) => {
    const y0 = M.t + i * ROW + 4;
    const tip = `${p.areaName}: ${ctx.num(p.value)} ${unit}`;
    const x0 = x(Math.min(0, p.value));
    const w = Math.max(1, Math.abs(x(p.value) - x(0)));
    return html`<text x="${M.l - 8}" y="${y0 + 15}" text-anchor="end">${short(p.areaName)}</text>
    <rect class="bar" x="${fixed(x0)}" y="${y0}" width="${fixed(w)}" height="${ROW - 10}" data-tip="${tip}"><title>${tip}</title></rect>
    <text x="${fixed(x0 + w + 6)}" y="${y0 + 15}">${compact(p.value, ctx.lang)}</text>`;
  })}
  <line class="axis" x1="${fixed(x(0))}" x2="${fixed(x(0))}" y1="${M.t}" y2="${H - M.b}"/>
</svg>`;
}
