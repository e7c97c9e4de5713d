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
 * Sends `specs` round-robin from `workers` concurrent clients at about `rate` requests per
 * second in all, until stop() is called; every answer is read to its end and recorded.
 */
export function startLoad(
  base: string,
  specs: Spec[],
  o: { workers: number; rate: number; timeoutMs: number },
) {
  const samples: Sample[] = [];
  const t0 = performance.now();
  let running = true;
  let next = 0;
  const gap = (o.workers / o.rate) * 1000;
  const worker = async () => {
    while (running) {
      const spec = specs[next++ % specs.length]!;
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
