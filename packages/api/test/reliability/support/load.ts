import { sleep } from './process';

export interface Spec {
  name: string;
  path: string;
  method?: 'GET' | 'POST';
  body?: string;
  headers?: Record<string, string>;
}

export interface Sample {
  name: string;
  /** ms since the load started */
  at: number;
  ms: number;
  /** 0 when no answer came (refused, reset, timed out, cut mid-body) */
  status: number;
  retryAfter: string | null;
  error?: string;
}

/** The mixed reads both the restart test and the soak send. */
export const MIXED: Spec[] = [
  { name: 'catalog', path: '/v1/datasets?limit=20' },
  { name: 'dataset', path: '/v1/datasets/health-facilities' },
  { name: 'records', path: '/v1/datasets/health-facilities/records?limit=50&sort=-name' },
  { name: 'areas', path: '/v1/areas?level=commune&at=2022-06-03&limit=100' },
  { name: 'observations', path: '/v1/observations?dataset=population-census-2019&limit=100' },
  { name: 'download', path: '/v1/datasets/population-census-2019/download.csv' },
  {
    name: 'graphql',
    path: '/graphql',
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query:
        '{ datasets(first: 5) { edges { node { slug version } } } area(code: "540", at: "2022-06-03") { name children { name } } }',
    }),
  },
  { name: 'portal', path: '/datasets/health-facilities' },
];

/**
 * Sends each spec, one after the other, until it has answered 200 twice (or fails after
 * `attempts`): the first request of each kind pays one-time costs (module loading, GraphQL
 * validation and compilation, templates, prepared statements) that take seconds on a loaded
 * machine. A suite that measures something else must not measure that.
 */
export async function warmUp(base: string, specs: Spec[], attempts = 20): Promise<void> {
  for (const spec of specs) {
    let ok = 0;
    let last = '';
    for (let i = 0; i < attempts && ok < 2; i++) {
      try {
        const res = await fetch(base + spec.path, {
          method: spec.method ?? 'GET',
          ...(spec.headers ? { headers: spec.headers } : {}),
          ...(spec.body ? { body: spec.body } : {}),
          signal: AbortSignal.timeout(60_000),
        });
        await res.arrayBuffer();
        last = String(res.status);
        if (res.status === 200) ok++;
      } catch (err) {
        last = String((err as Error).cause ?? err);
      }
    }
    if (ok < 2) throw new Error(`warm-up: ${spec.name} did not answer 200 (last: ${last})`);
  }
}

/**
 * Sends `specs` round-robin from `workers` concurrent clients at about `rate` requests per
 * second in all, until stop() is called; every answer is read to its end and recorded.
 * `maxInFlight` caps the requests of a kind in flight at once (a worker whose turn would
 * exceed it takes the next kind): the server answers downloads beyond half its pool with
 * 503 too-many-downloads, by design, which a suite that expects every answer to be 200 must
 * not ask for.
 */
export function startLoad(
  base: string,
  specs: Spec[],
  o: { workers: number; rate: number; timeoutMs: number; maxInFlight?: Record<string, number> },
) {
  const samples: Sample[] = [];
  const t0 = performance.now();
  let running = true;
  let next = 0;
  const gap = (o.workers / o.rate) * 1000;
  const inFlight: Record<string, number> = {};
  const pick = (): Spec => {
    for (let tried = 0; tried < specs.length; tried++) {
      const spec = specs[next++ % specs.length]!;
      if ((inFlight[spec.name] ?? 0) < (o.maxInFlight?.[spec.name] ?? Number.POSITIVE_INFINITY)) return spec;
    }
    throw new Error('startLoad: every kind of request is at its maxInFlight');
  };
  const worker = async () => {
    while (running) {
      const spec = pick();
      inFlight[spec.name] = (inFlight[spec.name] ?? 0) + 1;
      const started = performance.now();
      const sample: Sample = { name: spec.name, at: started - t0, ms: 0, status: 0, retryAfter: null };
      try {
        const res = await fetch(base + spec.path, {
          method: spec.method ?? 'GET',
          ...(spec.headers ? { headers: spec.headers } : {}),
          ...(spec.body ? { body: spec.body } : {}),
          signal: AbortSignal.timeout(o.timeoutMs),
        });
        sample.retryAfter = res.headers.get('retry-after');
        await res.arrayBuffer();
        sample.status = res.status;
      } catch (err) {
        sample.error =
          (err as Error).name === 'TimeoutError' ? 'timeout' : String((err as Error).cause ?? err);
      }
      sample.ms = performance.now() - started;
      inFlight[spec.name]!--;
      samples.push(sample);
      await sleep(Math.max(0, gap - sample.ms));
    }
  };
  const all = Promise.all(Array.from({ length: o.workers }, worker));
  return {
    samples,
    elapsed: () => performance.now() - t0,
    stop: async () => {
      running = false;
      await all;
      return samples;
    },
  };
}

export function percentile(values: number[], p: number): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
