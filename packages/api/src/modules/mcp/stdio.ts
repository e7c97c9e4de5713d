import type { Executor } from '@kho/schema';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { isJSONRPCRequest, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { ANONYMOUS, type Principal } from '../../lib/policy';
import { Problem } from '../../lib/problems';
import { touchKey, verifyKey } from '../keys/keys.service';
import type { McpContext, McpLog } from './context';
import { createMcpServer } from './server';

/** Re-checked this often, as the HTTP surface does: a revoked key stops working within seconds. */
const KEY_CHECK_MS = 10_000;

/**
 * The principal of a stdio session: anonymous without KHO_MCP_KEY, else that key's, verified
 * now (a bad key fails the start, never falls back to anonymous) and again every few seconds.
 */
export async function keyPrincipal(db: Executor, key: string | undefined): Promise<() => Promise<Principal>> {
  if (!key) return async () => ANONYMOUS;
  const check = async () => {
    const c = await verifyKey(db, key);
    if (!c.ok)
      throw new Problem(401, 'invalid-key', 'Unauthorized', `KHO_MCP_KEY is not usable: ${c.reason}.`);
    return c.principal;
  };
  let current = await check();
  let checkedAt = Date.now();
  if (current.kind === 'key') await touchKey(db, current.clientId).catch(() => {});
  return async () => {
    if (Date.now() - checkedAt > KEY_CHECK_MS) {
      current = await check();
      checkedAt = Date.now();
    }
    return current;
  };
}

/** Log lines on stderr: stdout carries nothing but protocol messages. */
export const stderrLog: McpLog = {
  warn: (obj, msg) => process.stderr.write(`kho mcp: ${msg} ${describe(obj)}\n`),
  error: (obj, msg) => process.stderr.write(`kho mcp: ${msg} ${describe(obj)}\n`),
};

function describe(obj: object): string {
  const { err, ...rest } = obj as { err?: unknown };
  const why = err instanceof Error ? err.message : err === undefined ? '' : String(err);
  return `${why} ${JSON.stringify(rest)}`.trim();
}

/** Resolves when the client goes away (stdin ends) or the process is told to stop. */
function untilClosed(onClose: (cb: () => void) => void): Promise<void> {
  return new Promise((resolve) => {
    const done = () => resolve();
    process.stdin.once('end', done);
    process.stdin.once('close', done);
    process.once('SIGTERM', done);
    process.once('SIGINT', done);
    onClose(done);
  });
}

/** Serves the MCP tools on stdin/stdout until the client disconnects. */
export async function serveStdio(ctx: McpContext): Promise<void> {
  const server = createMcpServer(ctx);
  const transport = new StdioServerTransport();
  await server.connect(transport);
  await untilClosed((cb) => {
    server.server.onclose = cb;
  });
  await server.close();
}

/**
 * Relays stdio to a running Kho's /mcp (used when the embedded database belongs to a running
 * server: PGlite allows one process per data directory). Same tools, the server's data.
 */
export async function relayStdio(url: string, key: string | undefined): Promise<void> {
  const upstream = new StreamableHTTPClientTransport(
    new URL(url),
    key ? { requestInit: { headers: { authorization: `Bearer ${key}` } } } : undefined,
  );
  const local = new StdioServerTransport();
  local.onmessage = (message: JSONRPCMessage) => {
    upstream.send(message).catch((err: Error) => {
      stderrLog.warn({ err }, `${url} did not answer`);
      if (isJSONRPCRequest(message))
        void local.send({
          jsonrpc: '2.0',
          id: message.id,
          error: { code: -32603, message: `Kho at ${url} did not answer: ${err.message}` },
        });
    });
  };
  upstream.onmessage = (message) => {
    const version = (message as { result?: { protocolVersion?: unknown } }).result?.protocolVersion;
    if (typeof version === 'string') upstream.setProtocolVersion(version);
    void local.send(message);
  };
  upstream.onerror = (err) => stderrLog.warn({ err }, 'relay');
  await upstream.start();
  await local.start();
  await untilClosed((cb) => {
    local.onclose = cb;
  });
  await upstream.close();
}
