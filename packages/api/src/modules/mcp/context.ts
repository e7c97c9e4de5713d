import { AreaResolver } from '@kho/ingest';
import type { Executor } from '@kho/schema';
import type { Principal } from '../../lib/policy';

/** A logger that never writes to stdout (stdio carries the protocol there). */
export interface McpLog {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/**
 * What the tools need from their surface: the same executors, principal and links as the REST
 * routes. Over HTTP one context serves one request; over stdio one serves the whole process.
 */
export interface McpContext {
  /** Read-only queries (the replica when there is one). */
  reader: Executor;
  /** The primary, for the access log. */
  writer: Executor;
  /** Who is asking: the request's principal (HTTP) or KHO_MCP_KEY's, re-checked (stdio). */
  principal(): Promise<Principal>;
  /** Base URL for links (PUBLIC_URL). */
  publicUrl: string;
  /** The id written to the access log with each read. */
  requestId(): string;
  log: McpLog;
  resolverFor(db: Executor): Promise<AreaResolver>;
}

/** The unit list changes only when an area list is loaded: keep the name matcher for a minute. */
export function cachedResolver(): (db: Executor) => Promise<AreaResolver> {
  let cached: { at: number; resolver: Promise<AreaResolver> } | undefined;
  return (db) => {
    if (!cached || Date.now() - cached.at > 60_000) {
      cached = { at: Date.now(), resolver: AreaResolver.load(db) };
      cached.resolver.catch(() => {
        cached = undefined;
      });
    }
    return cached.resolver;
  };
}
