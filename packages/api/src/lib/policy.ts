import { pgArray, type SQL, sql } from '@kho/schema';

/**
 * Who is asking. Every surface (REST, downloads, GraphQL, CKAN, DCAT, portal, MCP) asks this
 * module what that principal may see or change; no surface has its own copy of the rule.
 */
export type Principal =
  | { kind: 'anonymous' }
  | { kind: 'key'; clientId: number; prefix: string; agency: string; name: string; scopes: string[] };

export const ANONYMOUS: Principal = { kind: 'anonymous' };

export type Access = 'open' | 'shared' | 'restricted';

const scopes = (p: Principal) => (p.kind === 'key' ? p.scopes : []);
export const isAdmin = (p: Principal) => scopes(p).includes('admin');

/** Publishers whose datasets this principal may write (and therefore read). */
export function writablePublishers(p: Principal): string[] {
  return scopes(p)
    .filter((s) => s.startsWith('write:publisher:'))
    .map((s) => s.slice('write:publisher:'.length));
}

/** Restricted datasets granted by name. */
export function grantedDatasets(p: Principal): string[] {
  return scopes(p)
    .filter((s) => s.startsWith('read:dataset:'))
    .map((s) => s.slice('read:dataset:'.length));
}

/**
 * Open: anyone. Shared: any key with read:shared. Restricted: keys granted that dataset.
 * A grant by name (read:dataset:<id>) opens that dataset whatever its level; a publisher's
 * write key reads its own datasets; admin reads everything. visibleDatasets is the same rule.
 */
export function canRead(
  p: Principal,
  d: { id: string; access: Access | string; publisherCode: string },
): boolean {
  if (d.access === 'open') return true;
  if (p.kind === 'anonymous') return false;
  if (isAdmin(p) || writablePublishers(p).includes(d.publisherCode)) return true;
  if (grantedDatasets(p).includes(d.id)) return true;
  return d.access === 'shared' && scopes(p).includes('read:shared');
}

export function canWrite(p: Principal, publisherCode: string): boolean {
  return isAdmin(p) || writablePublishers(p).includes(publisherCode);
}

/** The same rule as canRead, as a SQL condition on a datasets row aliased `alias`. */
export function visibleDatasets(p: Principal, alias = 'd'): SQL {
  const a = sql.raw(alias);
  if (p.kind === 'anonymous') return sql`${a}.access = 'open'`;
  if (isAdmin(p)) return sql`true`;
  const parts: SQL[] = [sql`${a}.access = 'open'`];
  if (scopes(p).includes('read:shared')) parts.push(sql`${a}.access = 'shared'`);
  const granted = grantedDatasets(p);
  if (granted.length) parts.push(sql`${a}.id = any(${pgArray(granted)}::text[])`);
  const own = writablePublishers(p);
  if (own.length) parts.push(sql`${a}.publisher_code = any(${pgArray(own)}::text[])`);
  return sql`(${sql.join(parts, sql` or `)})`;
}

/** Reads of non-open data are audited; the caller passes what it read. */
export const isAudited = (access: string) => access !== 'open';
