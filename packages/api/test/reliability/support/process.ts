import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '../../../../..');
export const SERVER = ['--import', 'tsx', 'packages/api/src/server.ts'];
export const CLI = ['--import', 'tsx', 'packages/api/src/cli/main.ts'];

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });

/** Why processes cannot run as another system user here (undefined when they can). */
export function cannotSwitchUser(user: string): string | undefined {
  if (process.getuid?.() !== 0) return 'not running as root: cannot start processes as another user';
  if (!existsSync('/usr/sbin/runuser') && !existsSync('/sbin/runuser')) return 'runuser is not installed';
  if (spawnSync('id', ['-u', user]).status !== 0) return `there is no "${user}" system user`;
  return undefined;
}

export interface Proc {
  child: ChildProcess;
  pid: number;
  output(): string;
  exited: Promise<number | null>;
  /** Signal the whole process group (the child and anything it started). */
  signal(sig: NodeJS.Signals): void;
}

/** Starts a command in a process group of its own, collecting its output. */
export function startProcess(
  command: string,
  args: string[],
  env: Record<string, string | undefined>,
  options: { cwd?: string } = {},
): Proc {
  let output = '';
  const child = spawn(command, args, {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env } as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code, sig) => resolve(code ?? (sig ? -1 : null))),
  );
  const pid = child.pid!;
  return {
    child,
    pid,
    output: () => output,
    exited,
    signal: (sig) => {
      try {
        process.kill(-pid, sig);
      } catch {}
    },
  };
}

/** Stops a process group: SIGTERM, then SIGKILL after `graceMs`. */
export async function stopProcess(p: Proc, graceMs = 10_000): Promise<number | null> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return p.child.exitCode;
  p.signal('SIGTERM');
  const timer = setTimeout(() => p.signal('SIGKILL'), graceMs);
  const code = await p.exited;
  clearTimeout(timer);
  return code;
}
