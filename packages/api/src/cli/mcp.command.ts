import { randomUUID } from 'node:crypto';
import { seedReferenceData } from '@kho/ingest';
import { type Config, ConfigError } from '../config';
import { DataDirInUse } from '../lib/data-dir-lock';
import { cachedResolver } from '../modules/mcp/context';
import { keyPrincipal, relayStdio, serveStdio, stderrLog } from '../modules/mcp/stdio';
import { openRuntime, type Runtime } from '../runtime';
import type { CommandResult } from './usage';

/**
 * kho mcp: the MCP tools on stdin/stdout, for desktop assistants. stdout carries only protocol
 * messages; everything else (console output of any library included) goes to stderr.
 * KHO_MCP_KEY (optional) is an API key whose scopes apply; without it, open data only.
 */
export async function mcpCommand(config: Config): Promise<CommandResult> {
  const toStderr = (...args: unknown[]) => console.error(...args);
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
  console.warn = toStderr;
  const key = process.env.KHO_MCP_KEY?.trim() || undefined;
  let runtime: Runtime;
  try {
    runtime = await openRuntime(config, 'mcp');
  } catch (e) {
    if (e instanceof DataDirInUse && e.holder.role === 'server' && e.holder.url) {
      const url = `${e.holder.url.replace(/\/$/, '')}/mcp`;
      process.stderr.write(
        `kho mcp: the embedded database belongs to the running server; relaying to ${url}\n`,
      );
      await relayStdio(url, key);
      return { exitCode: 0 };
    }
    throw e;
  }
  try {
    await seedReferenceData(runtime.database, { demo: config.KHO_DEMO });
    const db = runtime.database.db;
    const principal = await keyPrincipal(db, key).catch((e: Error) => {
      throw new ConfigError([e.message]);
    });
    process.stderr.write(
      `kho mcp: serving on stdio (${runtime.database.engine}, ${key ? 'with KHO_MCP_KEY' : 'open data only'})\n`,
    );
    await serveStdio({
      reader: db,
      writer: db,
      principal,
      publicUrl: config.publicUrl,
      requestId: () => `mcp-${randomUUID()}`,
      log: stderrLog,
      resolverFor: cachedResolver(),
    });
  } finally {
    await runtime.close();
  }
  return { exitCode: 0 };
}
