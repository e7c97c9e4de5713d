import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../..');
// Exactly the README's start command (the root package.json "start" script), without pnpm around it.
const START = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.start as string;

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

type Started = { child: ChildProcess; base: string; output: () => string; exited: Promise<number | null> };

async function start(env: Record<string, string>): Promise<Started> {
  const port = await freePort();
  let output = '';
  const child = spawn('sh', ['-c', `exec ${START}`], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, base: `http://127.0.0.1:${port}`, output: () => output, exited };
}

async function waitReady(s: Started, timeoutMs = 60_000) {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    if (s.child.exitCode !== null) throw new Error(`server exited: ${s.output()}`);
    try {
      const r = await fetch(`${s.base}/ready`);
      if (r.ok) return Date.now() - t0;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`not ready after ${timeoutMs} ms: ${s.output()}`);
}

const running: Started[] = [];
afterAll(() => {
  for (const s of running) s.child.kill('SIGKILL');
});

async function checkServes(s: Started) {
  const docs = await fetch(`${s.base}/docs/`);
  expect(docs.status).toBe(200);
  expect((await docs.text()).toLowerCase()).toContain('<html');
  const openapi = (await (await fetch(`${s.base}/openapi.json`)).json()) as { openapi: string };
  expect(openapi.openapi).toMatch(/^3\.1/);
  const g = await fetch(`${s.base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ areas(level: DISTRICT, at: "2022-06-03") { code } }' }),
  });
  expect(((await g.json()) as { data: { areas: unknown[] } }).data.areas).toHaveLength(11);
}

describe('the README start command', () => {
  it('starts on embedded PGlite from a clean state, prints the URLs, refuses a second process, stops on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kho-start-'));
    const s = await start({ KHO_DATA_DIR: dataDir });
    running.push(s);
    await waitReady(s);
    expect(s.output()).toContain(`${s.base}/docs`);
    expect(s.output()).toContain(`${s.base}/graphql`);
    await checkServes(s);

    const second = await start({ KHO_DATA_DIR: dataDir });
    running.push(second);
    expect(await second.exited).toBe(1);
    expect(second.output()).toMatch(/in use by a running Kho server/);

    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);

    // A restart on the same directory finds its data (no reload) and serves again.
    const again = await start({ KHO_DATA_DIR: dataDir });
    running.push(again);
    await waitReady(again);
    expect(again.output()).not.toContain('reference data loaded');
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
  });

  it('starts a new data directory from the template the first start left, the same data; a broken template is set aside', async () => {
    const templates = mkdtempSync(join(tmpdir(), 'kho-templates-'));
    const catalog = async (s: Started) => {
      const r = await fetch(`${s.base}/v1/datasets?limit=100`);
      const body = (await r.json()) as { items: { id: string; version: number }[] };
      const areas = (await (await fetch(`${s.base}/v1/areas?at=2022-06-03&limit=100`)).json()) as {
        items: { code: string }[];
      };
      return {
        datasets: body.items.map((d) => `${d.id}@${d.version}`).sort(),
        areas: areas.items.map((a) => a.code),
      };
    };
    const run = async () => {
      const s = await start({
        KHO_DATA_DIR: mkdtempSync(join(tmpdir(), 'kho-tpl-data-')),
        KHO_TEMPLATE_DIR: templates,
      });
      running.push(s);
      await waitReady(s);
      const seen = await catalog(s);
      s.child.kill('SIGTERM');
      expect(await s.exited).toBe(0);
      return { output: s.output(), seen };
    };

    // No template yet: the database is built from scratch, and the start leaves a template.
    const first = await run();
    expect(first.output).toContain('(reference data loaded)');
    const files = readdirSync(templates).filter((f) => f.endsWith('.tar.gz'));
    expect(files).toHaveLength(1);
    expect(first.seen.datasets.length).toBeGreaterThan(5);
    expect(first.seen.areas).toHaveLength(100);

    // The next new data directory starts from it, with the same datasets, versions and areas.
    const second = await run();
    expect(second.output).toContain('(new, from the template)');
    expect(second.seen).toEqual(first.seen);

    // A damaged template is set aside with a warning: the start initialises from scratch.
    writeFileSync(join(templates, files[0]!), 'not a data directory');
    const third = await run();
    expect(third.output).toMatch(/template did not load/);
    expect(third.output).toContain('(reference data loaded)');
    expect(third.seen).toEqual(first.seen);
    // Three starts, two of them building the database from scratch (~10 s each on a quiet machine).
  }, 240_000);

  it.skipIf(!process.env.TEST_DATABASE_URL)('starts on PostgreSQL with DATABASE_URL', async () => {
    const admin = postgres(process.env.TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
    const name = `kho_start_${Date.now()}`;
    await admin.unsafe(`create database ${name}`);
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = `/${name}`;
    try {
      const s = await start({ DATABASE_URL: url.toString() });
      running.push(s);
      await waitReady(s);
      await checkServes(s);
      s.child.kill('SIGTERM');
      expect(await s.exited).toBe(0);
    } finally {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  });

  it('finishes an in-flight request on SIGTERM, refuses new ones, and exits 0', async () => {
    const s = await start({ KHO_DATA_DIR: mkdtempSync(join(tmpdir(), 'kho-stop-')) });
    running.push(s);
    await waitReady(s);
    const metrics = await (await fetch(`${s.base}/metrics`)).text();
    expect(metrics).toMatch(/kho_http_request_duration_seconds_bucket/);
    expect(metrics).toMatch(/process_cpu_user_seconds_total/);
    const heavy =
      '{ areas(level: COMMUNE, at: "2022-06-03") { name children { name } predecessors { name } successors { name area { name successors { name } } } observations { value } } }';
    const inFlight = fetch(`${s.base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: heavy }),
    });
    await new Promise((r) => setTimeout(r, 20));
    s.child.kill('SIGTERM');
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(((await res.json()) as { data: { areas: unknown[] } }).data.areas).toHaveLength(159);
    expect(await s.exited).toBe(0);
    await expect(fetch(`${s.base}/health`)).rejects.toThrow();
  });

  it('stops with one clear line per bad variable', async () => {
    const s = await start({ PORT: 'notaport', LOG_LEVEL: 'loud' });
    expect(await s.exited).toBe(1);
    expect(s.output()).toMatch(/PORT: .*"notaport"/);
    expect(s.output()).toMatch(/LOG_LEVEL: /);
    expect(s.output()).not.toMatch(/at .*\.ts:\d+/);
  });
});
