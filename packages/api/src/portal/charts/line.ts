import type { Ctx } from '../context';
import { type Html, html } from '../html';
import type { Point } from './pick';
import { compact, fixed, linear, niceTicks } from './scale';

const W = 640;
const H = 300;
const M = { l: 64, r: 24, t: 16, b: 56 };

const flagged = (ctx: Ctx, p: Point) => (p.flag ? ` (${ctx.label('flag', p.flag)})` : '');

/** Value over time, drawn on the server: an SVG with a title, a description and a tooltip per point. */
export function lineChart(ctx: Ctx, id: string, title: string, unit: string, points: Point[]): Html {
  const times = points.map((p) => Date.parse(p.periodStart));
  const x = linear(Math.min(...times), Math.max(...times), M.l + 12, W - M.r - 12);
  const values = points.map((p) => p.value);
  const ticks = niceTicks(Math.min(0, ...values), Math.max(...values), 5);
  const y = linear(ticks[0]!, ticks[ticks.length - 1]!, H - M.b, M.t);
  const every = Math.ceil(points.length / 10);
  const slanted = points.some((p) => p.label.length > 7);
  const d = points.map((p, i) => `${i ? 'L' : 'M'}${fixed(x(times[i]!))},${fixed(y(p.value))}`).join(' ');
  const first = points[0]!;
  const last = points[points.length - 1]!;
  const desc = `${first.label}: ${ctx.num(first.value)} … ${last.label}: ${ctx.num(last.value)} ${unit}`;
  return html`<svg role="img" aria-labelledby="${id}-t ${id}-d" viewBox="0 0 ${W} ${H}" xmlns="http://www.w3.org/2000/svg">
  <title id="${id}-t">${title}</title><desc id="${id}-d">${desc}</desc>
  ${ticks.map(
    (v) => html`<line class="grid" x1="${M.l}" x2="${W - M.r}" y1="${fixed(y(v))}" y2="${fixed(y(v))}"/>
    <text x="${M.l - 6}" y="${fixed(y(v)) + 4}" text-anchor="end">${compact(v, ctx.lang)}</text>`,
  )}
  <line class="axis" x1="${M.l}" x2="${W - M.r}" y1="${H - M.b}" y2="${H - M.b}"/>
  ${points.map((p, i) =>
    i % every === 0 || i === points.length - 1
      ? slanted
        ? html`<text transform="translate(${fixed(x(times[i]!))},${H - M.b + 14}) rotate(-30)" text-anchor="end">${p.label}</text>`
        : html`<text x="${fixed(x(times[i]!))}" y="${H - M.b + 18}" text-anchor="middle">${p.label}</text>`
      : '',
  )}
  <path class="line" d="${d}"/>
  ${points.map((p, i) => {
    const tip = `${p.label}: ${ctx.num(p.value)} ${unit}${flagged(ctx, p)}`;
    return html`<circle class="dot" cx="${fixed(x(times[i]!))}" cy="${fixed(y(p.value))}" r="5" data-tip="${tip}"><title>${tip}</title></circle>`;
  })}
</svg>`;
}
