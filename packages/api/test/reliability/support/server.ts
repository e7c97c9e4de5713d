import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { CLI, freePort, type Proc, ROOT, SERVER, sleep, startProcess, stopProcess } from './process';

export interface KhoServer extends Proc {
  base: string;
  stop(): Promise<number | null>;
}

/**
 * A real Kho server process (`node --import tsx packages/api/src/server.ts`), ready to serve:
 * it has said it listens ("Kho is ready", printed once app.listen resolved) and `/ready`
 * answers 200. Both, because the port comes from freePort() and is free only when it was
 * asked for: another process on the machine may take it before the server binds it, and then
 * `/ready` is answered by someone else while the server itself exits with EADDRINUSE.
 */
export async function startServer(
  env: Record<string, string>,
  timeoutMs = 120_000,
  nodeArgs: string[] = [],
): Promise<KhoServer> {
  const port = await freePort();
  const p = startProcess(process.execPath, [...nodeArgs, ...SERVER], {
    PORT: String(port),
    HOST: '127.0.0.1',
    RATE_LIMIT_MAX: '100000000',
    RATE_LIMIT_KEY_MAX: '100000000',
    WEBHOOK_WORKER: 'false',
    ...env,
  });
  const server: KhoServer = { ...p, base: `http://127.0.0.1:${port}`, stop: () => stopProcess(p) };
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    if (p.child.exitCode !== null) throw new Error(`the server exited: ${p.output()}`);
    if (/Kho is ready in/.test(p.output())) {
      try {
        if ((await fetch(`${server.base}/ready`)).ok) return server;
      } catch {}
    }
    await sleep(200);
  }
  await server.stop();
  throw new Error(`the server was not ready after ${timeoutMs} ms: ${p.output()}`);
}

/** Node flags that let a test ask the server for a full garbage collection: `collectGarbage(server)`. */
export const GC_ON_SIGNAL = ['--expose-gc', '--import', join(import.meta.dirname, 'gc-on-signal.mjs')];
export const collectGarbage = (server: KhoServer) => process.kill(server.pid, 'SIGUSR2');

/** Runs the `kho` CLI to completion (`node --import tsx packages/api/src/cli/main.ts …`). */
export function kho(args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, [...CLI, ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    encoding: 'utf8',
    timeout: 300_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Starts the `kho` CLI without waiting (to kill it midway). */
export const startKho = (args: string[], env: Record<string, string>) =>
  startProcess(process.execPath, [...CLI, ...args], env);
