import { cpus } from 'node:os';
import { median } from './pg';
import type { Server } from './proc';
import { runWrk, type WrkResult } from './wrk';

export interface LoadPlan {
  /** Path (and query) on each server: one per side, same order as the servers. */
  paths: string[];
  /** wrk Lua scripts (POST bodies), one per side, or none for GETs. */
  scripts?: (string | undefined)[];
  connections: number;
  warmupSec: number;
  seconds: number;
  rounds: number;
  /** Run on every round's fresh servers before any load, e.g. that both answer the same. */
  check?: (servers: Server[]) => Promise<void>;
}

export interface SideLoad {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** Share of the machine's cores wrk used while measuring this side (median run). */
  wrkCpu: number;
  /** Cores the server process used while measuring this side (median run). */
  serverCpu: number;
  /** Server CPU per request over all measured runs, µs: steadier than req/s on a busy machine. */
  cpuUsPerReq: number;
  runs: WrkResult[];
}

/**
 * Puts each side under the same wrk load, `rounds` times, each round with **fresh processes**:
 * every side is started (its function in `sides`), checked (`plan.check`), warmed up (not
 * counted), measured, and stopped. The measured runs alternate between the sides (who
 * goes first flips each round) so drift on the shared machine falls on both alike.
 *
 * Why a process per round: one process's state (what V8 optimised, how its young generation
 * settled) moved a side's CPU per request by up to a fifth between process lives while the
 * rounds of one life agreed within a few percent (docs/benchmarks.md, "One process life per
 * round"), so with one life per side a whole row could stand on one lucky or unlucky start.
 * The median of five lives per side does not. Every run must answer only 2xx without socket
 * errors. Medians per side.
 */
export async function compareLoad(sides: (() => Promise<Server>)[], plan: LoadPlan): Promise<SideLoad[]> {
  const one = async (s: Server, i: number, seconds: number) => {
    const before = s.stats().cpuSec;
    const script = plan.scripts?.[i];
    const r = await runWrk({
      url: s.base + plan.paths[i],
      connections: plan.connections,
      seconds,
      ...(script ? { script } : {}),
    });
    const serverCpu = (s.stats().cpuSec - before) / r.seconds;
    if (r.non2xx || r.socketErrors)
      throw new Error(
        `${s.name} ${plan.paths[i]}: ${r.non2xx} non-2xx answers, ${r.socketErrors} socket errors under load\n${s.output().slice(-1500)}`,
      );
    return { r, serverCpu, cpuSec: serverCpu * r.seconds };
  };
  const runs: { r: WrkResult; serverCpu: number; cpuSec: number }[][] = sides.map(() => []);
  for (let round = 0; round < plan.rounds; round++) {
    const servers: Server[] = [];
    try {
      for (const start of sides) servers.push(await start());
      await plan.check?.(servers);
      for (const [i, s] of servers.entries()) await one(s, i, plan.warmupSec);
      // Alternate who goes first, so neither side always follows the other's garbage collection.
      const order = servers.map((_, i) => i);
      if (round % 2) order.reverse();
      for (const i of order) runs[i]!.push(await one(servers[i]!, i, plan.seconds));
    } finally {
      for (const s of servers.reverse()) await s.stop();
    }
  }
  const cores = cpus().length;
  return runs.map((rs) => {
    const byRps = [...rs].sort((a, b) => a.r.rps - b.r.rps);
    const mid = byRps[Math.floor((byRps.length - 1) / 2)]!;
    return {
      rps: median(rs.map((x) => x.r.rps)),
      p50Ms: mid.r.p50Ms,
      p99Ms: mid.r.p99Ms,
      wrkCpu: mid.r.wrkCpuSec / mid.r.seconds / cores,
      serverCpu: mid.serverCpu,
      cpuUsPerReq: (rs.reduce((a, x) => a + x.cpuSec, 0) / rs.reduce((a, x) => a + x.r.requests, 0)) * 1e6,
      runs: rs.map((x) => x.r),
    };
  });
}

/**
 * Load settings: short for --smoke, longer for a real run (BENCH_SECONDS shortens it while working).
 * The warm-up is 6 s because every round now measures a fresh process: after 3 s, the first 5 s
 * run of a life still cost both servers 3–10% more CPU per request than the next (docs/benchmarks.md,
 * "One process life per round").
 */
export const loadSettings = (smoke: boolean) =>
  smoke
    ? { connections: 8, warmupSec: 1, seconds: 1, rounds: 1 }
    : { connections: 16, warmupSec: 6, seconds: Number(process.env.BENCH_SECONDS ?? 5), rounds: 5 };

/**
 * Kho ÷ reference as the median of each round's ratio: the two runs of a round are seconds
 * apart, so a neighbour's load on the shared machine weighs on both.
 */
export const pairedRatio = (kho: SideLoad, ref: SideLoad) =>
  median(kho.runs.map((k, i) => k.rps / ref.runs[i]!.rps));

/** While working on one case: BENCH_CASES, a regular expression, keeps only the cases it matches. */
export const selected = (name: string) =>
  !process.env.BENCH_CASES || new RegExp(process.env.BENCH_CASES, 'i').test(name);

const fmt = (n: number) => Math.round(n).toLocaleString('en');
const pct = (x: number) => `${Math.round(x * 100)}%`;

/** The notes of a load comparison: p99 of both sides, CPU of wrk and of the servers. */
export function loadNotes(kho: SideLoad, ref: SideLoad, refName: string): string {
  // Each round's ratio, in the order run: the row's ratio is their median, and their spread is
  // how far this machine's drift moved it in this run.
  const rounds = kho.runs.map((k, i) => (k.rps / ref.runs[i]!.rps).toFixed(2));
  return [
    `rounds ${rounds.join(', ')}×`,
    `p99 ${kho.p99Ms.toFixed(1)} ms vs ${ref.p99Ms.toFixed(1)} ms`,
    `server CPU per request ${Math.round(kho.cpuUsPerReq)} vs ${Math.round(ref.cpuUsPerReq)} µs`,
    `server CPU ${kho.serverCpu.toFixed(2)} vs ${ref.serverCpu.toFixed(2)} cores`,
    `wrk ${pct(kho.wrkCpu)}/${pct(ref.wrkCpu)} of the cores`,
    `${refName} ${fmt(ref.rps)} req/s`,
  ].join('; ');
}

export const reqs = (n: number) => `${fmt(n)} req/s`;
