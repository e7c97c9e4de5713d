import { execFileSync, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defer } from './cleanup';

export interface WrkStats {
  requests: number;
  seconds: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  bytes: number;
  non2xx: number;
  socketErrors: number;
}

export interface WrkResult extends WrkStats {
  /** CPU seconds wrk itself used (user + system), from the shell's `times`. */
  wrkCpuSec: number;
}

const TIME_UNITS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const SIZE_UNITS: Record<string, number> = { B: 1, KB: 2 ** 10, MB: 2 ** 20, GB: 2 ** 30, TB: 2 ** 40 };

function ms(value: string, unit: string): number {
  const f = TIME_UNITS[unit];
  if (f === undefined) throw new Error(`wrk: unknown time unit "${unit}"`);
  return Number(value) * f;
}

/** Parses the report of `wrk --latency`. */
export function parseWrk(text: string): WrkStats {
  const total = /(\d+) requests in ([\d.]+)(us|ms|s|m|h), ([\d.]+)(B|KB|MB|GB|TB) read/.exec(text);
  if (!total) throw new Error(`wrk: no totals in its output:\n${text.slice(0, 2000)}`);
  const pct = (p: string) => {
    const m = new RegExp(`^\\s*${p}%\\s+([\\d.]+)(us|ms|s|m|h)\\s*$`, 'm').exec(text);
    if (!m) throw new Error(`wrk: no ${p}% latency (was --latency given?)`);
    return ms(m[1]!, m[2]!);
  };
  const sock = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text);
  const requests = Number(total[1]);
  const seconds = ms(total[2]!, total[3]!) / 1000;
  return {
    requests,
    seconds,
    rps: requests / seconds,
    p50Ms: pct('50'),
    p99Ms: pct('99'),
    bytes: Number(total[4]) * SIZE_UNITS[total[5]!]!,
    non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(text)?.[1] ?? 0),
    socketErrors: sock ? sock.slice(1).reduce((a, b) => a + Number(b), 0) : 0,
  };
}

/** The children's line of bash's `times` ("0m1.250s 0m0.310s") as CPU seconds. */
export function parseTimes(text: string): number {
  const lines = text.trim().split('\n');
  const m = /(\d+)m([\d.]+)s\s+(\d+)m([\d.]+)s/.exec(lines[lines.length - 1] ?? '');
  if (!m) return Number.NaN;
  return Number(m[1]) * 60 + Number(m[2]) + Number(m[3]) * 60 + Number(m[4]);
}

/** Fails with a clear message when wrk is not installed. */
export function requireWrk(): string {
  try {
    return execFileSync('wrk', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
      .split('\n')[0]!
      .trim();
  } catch (err) {
    // wrk --version exits 1 after printing its version.
    const out = String((err as { stdout?: string }).stdout ?? '');
    if (out.startsWith('wrk')) return out.split('\n')[0]!.trim();
    throw new Error(
      'wrk is not installed: the rest and graphql workloads need it as their load generator (apt-get install wrk).',
    );
  }
}

/** A Lua script that makes wrk POST a JSON body. */
export function postScript(name: string, body: string): string {
  const file = join(tmpdir(), `kho-bench-${process.pid}-${name}.lua`);
  writeFileSync(
    file,
    `wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = ${JSON.stringify(body)}\n`,
  );
  return file;
}

export interface WrkOptions {
  url: string;
  connections: number;
  seconds: number;
  threads?: number;
  script?: string;
}

/** One wrk run with fixed connections and duration; its own CPU time measured by the shell. */
export function runWrk(o: WrkOptions): Promise<WrkResult> {
  const args = [
    `-t${o.threads ?? 1}`,
    `-c${o.connections}`,
    `-d${o.seconds}s`,
    '--latency',
    '--timeout',
    '10s',
    ...(o.script ? ['-s', o.script] : []),
    o.url,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', 'wrk "$@"; s=$?; times; exit $s', 'wrk', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group: stopping it stops wrk under the shell too
    });
    const undo = defer(`wrk (pid ${child.pid})`, () => {
      if (child.exitCode === null && child.signalCode === null && child.pid)
        process.kill(-child.pid, 'SIGKILL');
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => {
      void undo();
      if (code !== 0) return reject(new Error(`wrk failed (${code}):\n${out.slice(0, 2000)}`));
      try {
        resolve({ ...parseWrk(out), wrkCpuSec: parseTimes(out) });
      } catch (err) {
        reject(err);
      }
    });
  });
}
