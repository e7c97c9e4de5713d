import { datasetId, datasetSearchQuery } from '@kho/schema';
import { type McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { Problem } from '../../lib/problems';
import { auditRead } from '../audit/audit.service';
import { getDataset, searchDatasets } from '../catalog/catalog.queries';
import type { McpContext } from './context';
import { answer, citation } from './results';

/** The MCP specification's error code for a resource that does not exist (or is not yours to see). */
const RESOURCE_NOT_FOUND = -32002;
/** Datasets listed as resources: more are reachable by id and through search_datasets. */
const MAX_LISTED = 500;

/** Resource failures as protocol errors a client can show; internals are logged, never sent. */
async function guarded<T>(ctx: McpContext, what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof McpError) throw err;
    if (err instanceof Problem) throw new McpError(RESOURCE_NOT_FOUND, err.detail);
    const requestId = ctx.requestId();
    ctx.log.error({ err, what, requestId }, 'mcp resource failed');
    throw new McpError(ErrorCode.InternalError, `Could not read ${what} (request id ${requestId}).`);
  }
}

async function listDatasets(ctx: McpContext) {
  const viewer = await ctx.principal();
  const resources = [];
  let cursor: string | undefined;
  do {
    const page = await searchDatasets(
      ctx.reader,
      datasetSearchQuery.parse({ sort: 'id', limit: 100, ...(cursor ? { cursor } : {}) }),
      viewer,
    );
    for (const d of page.items)
      resources.push({
        uri: `kho://datasets/${d.id}`,
        name: d.id,
        title: d.title,
        description: `${d.titleEn ?? d.title} — ${d.publisher.name}; licence ${d.license}`,
        mimeType: 'application/json',
      });
    cursor = page.nextCursor ?? undefined;
  } while (cursor && resources.length < MAX_LISTED);
  return { resources };
}

async function readDataset(ctx: McpContext, uri: URL, id: string) {
  if (!datasetId.safeParse(id).success)
    throw new McpError(RESOURCE_NOT_FOUND, `${uri.href}: not a dataset id`);
  const viewer = await ctx.principal();
  const d = await getDataset(ctx.reader, id, viewer, ctx.publicUrl);
  await auditRead(ctx.writer, { principal: viewer, requestId: ctx.requestId(), log: ctx.log }, 'mcp', [
    { datasetId: d.id, access: d.access, rows: 0 },
  ]);
  const cite = citation(ctx.publicUrl, {
    id: d.id,
    title: d.title,
    publisher: `${d.publisher.name} (${d.publisher.code})`,
    license: d.license,
    sources: d.sources,
  });
  const body = answer({ ...d, citation: cite }).content[0];
  return {
    contents: [{ uri: uri.href, mimeType: 'application/json', text: body?.type === 'text' ? body.text : '' }],
  };
}

/** Each dataset's metadata (with its data dictionary, licence and sources) as kho://datasets/{id}. */
export function registerDatasetResources(server: McpServer, ctx: McpContext) {
  const template = new ResourceTemplate('kho://datasets/{id}', {
    list: () => guarded(ctx, 'the dataset list', () => listDatasets(ctx)),
  });
  server.registerResource(
    'dataset',
    template,
    {
      title: 'Dataset metadata',
      description:
        'A dataset of Kho: titles, description, publisher, licence, sources, coverage, data dictionary and download links.',
      mimeType: 'application/json',
    },
    (uri, variables) => guarded(ctx, uri.href, () => readDataset(ctx, uri, String(variables.id ?? ''))),
  );
}
