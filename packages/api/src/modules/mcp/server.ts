import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { McpContext } from './context';
import { registerDatasetResources } from './resources';
import { registerAreaTools } from './tools/areas';
import { registerCatalogTools } from './tools/catalog';
import { registerObservationTools } from './tools/observations';
import { registerRecordTools } from './tools/records';

export const MCP_SERVER_INFO = { name: 'kho', title: 'Kho — provincial open data', version: '0.1.0' };

const INSTRUCTIONS = [
  'Kho is the shared data warehouse of Bình Định province (merged into Gia Lai on 1 July 2025, province code 52 kept): datasets published by the provincial departments (health, education, tourism, agriculture, industry and trade, investment, digital …).',
  'Start with catalog_summary to see what exists, search_datasets to find datasets, list_indicators for statistics. find_area turns place names into GSO codes (with a date: units changed in 2020, 2025). get_observations answers indicator values; query_records answers rows of registries.',
  'Every answer carries the licence and the sources of its dataset: cite them with the figures. If Kho has no dataset for a question, say so rather than guessing.',
].join(' ');

/** An MCP server over Kho's query layer: read-only tools and dataset resources, for one context. */
export function createMcpServer(ctx: McpContext): McpServer {
  const server = new McpServer(MCP_SERVER_INFO, {
    capabilities: { tools: {}, resources: {} },
    instructions: INSTRUCTIONS,
    // Bounds the work of validating one call: no argument object of thousands of members.
    maxToolInputElements: 200,
  });
  registerCatalogTools(server, ctx);
  registerRecordTools(server, ctx);
  registerObservationTools(server, ctx);
  registerAreaTools(server, ctx);
  registerDatasetResources(server, ctx);
  return server;
}
