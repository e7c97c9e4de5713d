/**
 * Builds the portal's own small boundary file (src/portal/assets/boundaries-52.json) from the
 * district polygons of daohoangson/dvhcvn (data/gis/52.json, GPL-3.0): Douglas–Peucker
 * simplification, tiny islands dropped, coordinates rounded. Run from the repository root:
 *   node --import tsx packages/api/scripts/build-portal-boundaries.ts [path/to/52.json]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

type Point = [number, number];
type Ring = Point[];
type MultiPolygon = Ring[][];

/** About 110 m: below one pixel at the portal's map widths, so neighbours' shared borders meet. */
const TOLERANCE = 0.001;
/** Islets smaller than this (square degrees, ~0.1 km²) vanish at map scale. */
const MIN_RING_AREA = 0.00001;
const DIGITS = 4;

const defaultInput = fileURLToPath(
  new URL('../../../../shared/data/areas/binhdinh-52-dvhcvn-gis-districts.json', import.meta.url),
);
const output = fileURLToPath(new URL('../src/portal/assets/boundaries-52.json', import.meta.url));

function perpendicular(p: Point, a: Point, b: Point): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len = dx * dx + dy * dy;
  if (len === 0) return Math.hypot(p[0] - a[0], p[1] - a[1]);
  const t = Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

/** Douglas–Peucker, iterative (rings have thousands of points). */
export function simplify(points: Ring, tolerance: number): Ring {
  if (points.length < 3) return points;
  const keep = new Uint8Array(points.length);
  keep[0] = 1;
  keep[points.length - 1] = 1;
  const stack: [number, number][] = [[0, points.length - 1]];
  while (stack.length) {
    const [first, last] = stack.pop()!;
    let max = 0;
    let index = -1;
    for (let i = first + 1; i < last; i++) {
      const d = perpendicular(points[i]!, points[first]!, points[last]!);
      if (d > max) {
        max = d;
        index = i;
      }
    }
    if (index !== -1 && max > tolerance) {
      keep[index] = 1;
      stack.push([first, index], [index, last]);
    }
  }
  return points.filter((_, i) => keep[i]);
}

function ringArea(ring: Ring): number {
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++)
    s += (ring[j]![0] - ring[i]![0]) * (ring[j]![1] + ring[i]![1]);
  return Math.abs(s / 2);
}

const round = (n: number) => Number(n.toFixed(DIGITS));

/** Outer rings only (the districts have no holes that show at this scale), simplified. */
function shrink(mp: MultiPolygon): Ring[] {
  return mp
    .map((polygon) => polygon[0]!)
    .filter((ring) => ringArea(ring) >= MIN_RING_AREA)
    .map((ring) => simplify(ring, TOLERANCE).map(([x, y]) => [round(x), round(y)] as Point))
    .filter((ring) => ring.length >= 4);
}

function main() {
  const input = process.argv[2] ?? defaultInput;
  const src = JSON.parse(readFileSync(input, 'utf8')) as {
    level1_id: string;
    name: string;
    bbox: number[];
    coordinates: MultiPolygon;
    level2s: { level2_id: string; name: string; coordinates: MultiPolygon }[];
  };
  const out = {
    source:
      'Simplified from daohoangson/dvhcvn data/gis/52.json (district boundaries of Bình Định before 1 July 2025, from gis.chinhphu.vn)',
    license: 'GPL-3.0',
    tolerance: TOLERANCE,
    bbox: src.bbox.map(round),
    province: { code: src.level1_id, name: src.name, rings: shrink(src.coordinates) },
    districts: src.level2s.map((d) => ({ code: d.level2_id, name: d.name, rings: shrink(d.coordinates) })),
  };
  writeFileSync(output, `${JSON.stringify(out)}\n`);
  const points = out.districts.reduce((n, d) => n + d.rings.reduce((m, r) => m + r.length, 0), 0);
  console.log(`${output}: ${out.districts.length} districts, ${points} points`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
