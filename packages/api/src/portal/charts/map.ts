import { readFileSync } from 'node:fs';
import type { Ctx } from '../context';
import { type Html, html } from '../html';
import { fixed, RAMP, rampColor } from './scale';

type Ring = [number, number][];
interface Unit {
  code: string;
  name: string;
  rings: Ring[];
}
interface Boundaries {
  source: string;
  license: string;
  bbox: [number, number, number, number];
  province: Unit;
  districts: Unit[];
}

/** Our own simplified district boundaries (scripts/build-portal-boundaries.ts; GPL-3.0 source, see docs/portal.md). */
const BOUNDARIES = JSON.parse(
  readFileSync(new URL('../assets/boundaries-52.json', import.meta.url), 'utf8'),
) as Boundaries;
export const PROVINCE_CODE = BOUNDARIES.province.code;
const DISTRICTS = new Map(BOUNDARIES.districts.map((d) => [d.code, d]));

/** Whether the map can place this area code (the province or one of its former districts). */
export const canMap = (code: string) => code === PROVINCE_CODE || DISTRICTS.has(code);

export interface MapValue {
  value: number;
  label: string;
}

export interface MapSpec {
  id: string;
  title: string;
  /** Area code → value: districts coloured by value; the province's value colours them all. */
  values?: Map<string, MapValue>;
  unit?: string;
  /** Area codes drawn highlighted (an area page). */
  highlight?: Set<string>;
  points?: { lat: number; lon: number; label: string }[];
}

const W = 360;
const PAD = 8;

/** Equirectangular projection fitted to the province and the points, longitude scaled by cos(latitude). */
function projection(points: { lat: number; lon: number }[]) {
  let [minLon, minLat, maxLon, maxLat] = BOUNDARIES.bbox;
  for (const p of points) {
    minLon = Math.min(minLon, p.lon);
    maxLon = Math.max(maxLon, p.lon);
    minLat = Math.min(minLat, p.lat);
    maxLat = Math.max(maxLat, p.lat);
  }
  const kx = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const s = (W - 2 * PAD) / ((maxLon - minLon) * kx);
  const height = Math.ceil((maxLat - minLat) * s + 2 * PAD);
  return {
    height,
    x: (lon: number) => fixed(PAD + (lon - minLon) * kx * s),
    y: (lat: number) => fixed(PAD + (maxLat - lat) * s),
  };
}

export function mapSvg(ctx: Ctx, spec: MapSpec): Html {
  const points = spec.points ?? [];
  const p = projection(points);
  const path = (rings: Ring[]) =>
    rings.map((r) => `M${r.map(([lon, lat]) => `${p.x(lon)},${p.y(lat)}`).join('L')}Z`).join('');
  const values = spec.values ?? new Map<string, MapValue>();
  const numbers = [...values.entries()].filter(([c]) => DISTRICTS.has(c)).map(([, v]) => v.value);
  const [min, max] = [Math.min(...numbers), Math.max(...numbers)];
  const whole = values.get(PROVINCE_CODE);
  const unit = spec.unit ? ` ${spec.unit}` : '';
  const districts = BOUNDARIES.districts.map((d) => {
    const v = values.get(d.code);
    const fill = v
      ? rampColor(v.value, min, max)
      : spec.highlight?.has(d.code) || spec.highlight?.has(PROVINCE_CODE)
        ? RAMP[3]
        : whole
          ? RAMP[1]
          : '#e6ebf0';
    const tip = v ? `${d.name}: ${ctx.num(v.value)}${unit} (${v.label})` : d.name;
    return html`<path class="district" d="${path(d.rings)}" fill="${fill}" data-tip="${tip}"><title>${tip}</title></path>`;
  });
  const wholeTip = whole
    ? `${BOUNDARIES.province.name}: ${ctx.num(whole.value)}${unit} (${whole.label})`
    : '';
  return html`<svg role="img" aria-labelledby="${spec.id}-t" viewBox="0 0 ${W} ${p.height}" xmlns="http://www.w3.org/2000/svg">
  <title id="${spec.id}-t">${spec.title}</title>
  <g>${districts}</g>
  <path class="outline" d="${path(BOUNDARIES.province.rings)}"${whole ? html` data-tip="${wholeTip}"` : ''}>${whole ? html`<title>${wholeTip}</title>` : ''}</path>
  ${points.map(
    (pt) =>
      html`<circle class="place" cx="${p.x(pt.lon)}" cy="${p.y(pt.lat)}" r="3.5" data-tip="${pt.label}"><title>${pt.label}</title></circle>`,
  )}
</svg>`;
}

/** The colour key under a choropleth: light is small, dark is large. */
export function mapLegend(ctx: Ctx, values: Map<string, MapValue>, unit: string): Html | '' {
  const numbers = [...values.entries()].filter(([c]) => DISTRICTS.has(c)).map(([, v]) => v.value);
  if (numbers.length < 2) return '';
  return html`<p class="legend"><span>${ctx.num(Math.min(...numbers))}</span>
    <span class="ramp" aria-hidden="true">${RAMP.map((c) => html`<span style="background:${c}"></span>`)}</span>
    <span>${ctx.num(Math.max(...numbers))} ${unit}</span> <span>— ${ctx.t('mapLegend')}</span></p>`;
}

export const mapSource = () => ({ source: BOUNDARIES.source, license: BOUNDARIES.license });
