import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { defer } from './cleanup';

/** CPU seconds (user + system) and resident memory of a process, from /proc. */
export function procStats(pid: number): { cpuSec: number; rssMb: number; peakRssMb: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return {
      cpuSec: (Number(stat[11]) + Number(stat[12])) / 100,
      rssMb: kb('VmRSS') / 1024,
      peakRssMb: kb('VmHWM') / 1024,
    };
  } catch {
    return null;
  }
}

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface Server {
  name: string;
  pid: number;
  /** http://127.0.0.1:PORT */
  base: string;
  /** Milliseconds from spawn to the first 200 of the ready path. */
  readyMs: number;
  /** CPU seconds and memory of the process now. */
  stats(): { cpuSec: number; rssMb: number; peakRssMb: number };
  /** The process's output so far (the last 4 KB), for error messages. */
  output(): string;
  stop(): Promise<void>;
}

export interface ServerSpec {
  name: string;
  args: string[];
  env: Record<string, string>;
  port: number;
  /** Polled until it answers 200. */
  readyPath: string;
  timeoutMs?: number;
  cwd?: string;
}

async function answers(url: string): Promise<boolean> {
  try {
    const r = await fetch(url, { signal: AbortSignal.timeout(1000) });
    await r.arrayBuffer();
    return r.ok;
  } catch {
    return false;
  }
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

/** Starts a Node server in a process of its own and waits until it answers. */
export async function startServer(spec: ServerSpec): Promise<Server> {
  const t0 = performance.now();
  const child = spawn(process.execPath, spec.args, {
    env: { ...process.env, ...spec.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(spec.cwd ? { cwd: spec.cwd } : {}),
  });
  let out = '';
  const keep = (d: Buffer) => {
    out = (out + d.toString()).slice(-4096);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const stop = defer(`${spec.name} (pid ${child.pid})`, async () => {
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited(child);
    clearTimeout(killer);
  });
  const base = `http://127.0.0.1:${spec.port}`;
  const deadline = t0 + (spec.timeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      await stop();
      throw new Error(`${spec.name} exited before it was ready:\n${out}`);
    }
    if (await answers(base + spec.readyPath)) break;
    if (performance.now() > deadline) {
      await stop();
      throw new Error(`${spec.name} was not ready in ${spec.timeoutMs ?? 60_000} ms:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  const readyMs = performance.now() - t0;
  const pid = child.pid!;
  let last = { cpuSec: 0, rssMb: 0, peakRssMb: 0 };
  return {
    name: spec.name,
    pid,
    base,
    readyMs,
    stats: () => {
      last = procStats(pid) ?? last;
      return last;
    },
    output: () => out,
    stop,
  };
}

/** Where the repository's root is (bench/src/lib → ../../..). */
export const ROOT = new URL('../../../', import.meta.url).pathname;

/** The root package's `start` script (what `pnpm start` runs) as node arguments. */
export function startArgs(): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const [node, ...args] = pkg.scripts.start.split(/\s+/);
  if (node !== 'node') throw new Error(`pnpm start runs "${pkg.scripts.start}", expected node …`);
  return args;
}
