import type { Executor } from '@kho/schema';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { cachedResolver } from './context';

/**
 * The MCP SDK and Kho's tools, loaded on the first /mcp request: ~30 MB of a server's memory
 * and a share of its start-up that an instance no agent talks to never needs.
 */
let sdk: Promise<{
  Transport: typeof import('@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js').WebStandardStreamableHTTPServerTransport;
  createMcpServer: typeof import('./server').createMcpServer;
}> | null = null;
const loadSdk = () => {
  sdk ??= Promise.all([
    import('@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js'),
    import('./server'),
  ]).then(([transport, server]) => ({
    Transport: transport.WebStandardStreamableHTTPServerTransport,
    createMcpServer: server.createMcpServer,
  }));
  sdk.catch(() => {
    sdk = null;
  });
  return sdk;
};

export interface McpRouteOptions {
  /** Largest JSON-RPC message accepted, bytes (default 256 KiB). */
  bodyLimit?: number;
}

const SKIP_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive']);

/** The Fastify request as the Web Request the SDK's transport reads (the body is passed parsed). */
function webRequest(request: FastifyRequest): Request {
  const headers = new Headers();
  for (const [k, v] of Object.entries(request.headers)) {
    if (v === undefined || SKIP_HEADERS.has(k)) continue;
    for (const x of Array.isArray(v) ? v : [v]) headers.append(k, x);
  }
  // The transport reads only the method, headers and body; the URL's host is never used.
  return new Request(`http://kho.invalid${request.url}`, { method: request.method, headers });
}

/** GET (the server-to-client stream) and DELETE (sessions) have nothing to do without sessions. */
function notAllowed(_request: FastifyRequest, reply: FastifyReply) {
  return reply
    .code(405)
    .header('allow', 'POST')
    .type('application/json')
    .send({
      jsonrpc: '2.0',
      error: { code: -32000, message: 'Method not allowed: this MCP endpoint is stateless, POST only.' },
      id: null,
    });
}

/**
 * POST /mcp: the Model Context Protocol over Streamable HTTP, stateless. Each request gets its
 * own server and transport bound to the request's principal, and answers plain JSON; nothing
 * is kept between requests, so any instance behind the load balancer can answer. Auth (Bearer
 * key → principal), rate limits, request ids and logging are the app's, as for every route.
 */
export async function mcpRoutes(app: FastifyInstance, opts: McpRouteOptions = {}) {
  const resolverFor = cachedResolver();
  const reader: Executor = app.reader;
  app.post(
    '/mcp',
    { bodyLimit: opts.bodyLimit ?? 256 * 1024, schema: { hide: true } },
    async (request, reply) => {
      const { Transport, createMcpServer } = await loadSdk();
      const server = createMcpServer({
        reader,
        writer: app.db.db,
        principal: async () => request.principal,
        publicUrl: app.publicUrl,
        requestId: () => String(request.id),
        log: request.log,
        resolverFor,
      });
      const transport = new Transport({
        sessionIdGenerator: undefined,
        enableJsonResponse: true,
      });
      try {
        await server.connect(transport);
        const res = await transport.handleRequest(webRequest(request), { parsedBody: request.body });
        reply.code(res.status);
        res.headers.forEach((value, name) => {
          reply.header(name, value);
        });
        const body = await res.text();
        return reply.send(body.length ? body : undefined);
      } finally {
        await server.close();
      }
    },
  );
  app.get('/mcp', { schema: { hide: true } }, notAllowed);
  app.delete('/mcp', { schema: { hide: true } }, notAllowed);
}

export default mcpRoutes;
