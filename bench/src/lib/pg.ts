import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import postgres from 'postgres';
import { defer } from './cleanup';

export const BENCH_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function dbUrl(name: string): string {
  const u = new URL(BENCH_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A database of the benchmark's own (empty, or a copy of `template`), dropped by the returned function. */
export async function freshDatabase(
  prefix: string,
  template?: string,
): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${Date.now()}_${Math.floor(Math.random() * 1e4)}`;
  const admin = postgres(BENCH_URL, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name}"${template ? ` template "${template}"` : ''}`);
  } finally {
    await admin.end();
  }
  const drop = defer(`database ${name}`, async () => {
    const a = postgres(BENCH_URL, { max: 1, onnotice: () => {} });
    try {
      await a.unsafe(`drop database if exists "${name}" with (force)`);
    } finally {
      await a.end();
    }
  });
  return { name, url: dbUrl(name), drop };
}

export interface Run {
  ms: number;
  stdout: string;
  stderr: string;
  code: number | null;
  /** Peak resident set of the child, MB (from /proc, sampled every 50 ms). */
  peakRssMb: number;
  /** CPU seconds the child used (user + system). */
  cpuSec: number;
}

function readProc(pid: number): { rssKb: number; cpuTicks: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rss = /VmHWM:\s+(\d+)/.exec(status)?.[1];
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return { rssKb: Number(rss ?? 0), cpuTicks: Number(stat[11]) + Number(stat[12]) };
  } catch {
    return null;
  }
}

/** Runs a command and times it, sampling the child's peak RSS and CPU time from /proc. */
export function timed(cmd: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let peakKb = 0;
    let ticks = 0;
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const sample = setInterval(() => {
      const p = child.pid ? readProc(child.pid) : null;
      if (p) {
        peakKb = Math.max(peakKb, p.rssKb);
        ticks = Math.max(ticks, p.cpuTicks);
      }
    }, 50);
    // Node sends no signal to a child that has already exited, so this never hits a reused pid.
    const undo = defer(`${cmd} (pid ${child.pid})`, () => {
      child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('close', (code) => {
      void undo();
      clearInterval(sample);
      resolve({
        ms: performance.now() - t0,
        stdout,
        stderr,
        code,
        peakRssMb: peakKb / 1024,
        cpuSec: ticks / 100,
      });
    });
  });
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
