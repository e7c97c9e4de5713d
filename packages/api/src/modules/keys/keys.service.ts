import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { type Executor, query, queryOne, sql } from '@kho/schema';
import type { Principal } from '../../lib/policy';
import { BadRequest, NotFound } from '../../lib/problems';

/**
 * Keys look like kho_<prefix>_<secret>: the prefix (10 base32 characters) finds the row, the
 * secret (256 random bits) proves possession. Only SHA-256 of the whole key is stored; the
 * key is shown once, when it is made.
 */
const PREFIX_ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
const KEY_PATTERN = /^kho_([a-z2-7]{10})_([A-Za-z0-9_-]{43})$/;

export const SCOPE_PATTERN =
  /^(read:shared|admin|read:dataset:[a-z0-9][a-z0-9-]{0,99}|write:publisher:[A-Z][A-Z0-9]{1,19})$/;
export const AGENCY_PATTERN = /^[A-Z][A-Z0-9]{1,19}$/;

export const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

function newPrefix(): string {
  const bytes = randomBytes(10);
  return [...bytes].map((b) => PREFIX_ALPHABET[b & 31]).join('');
}

export interface NewKey {
  agency: string;
  name: string;
  scopes: string[];
  expiresAt?: string | null;
  rateLimit?: number | null;
}

export function validateNewKey(k: NewKey): string[] {
  const problems: string[] = [];
  if (!AGENCY_PATTERN.test(k.agency))
    problems.push(`agency: "${k.agency}" is not an agency code such as STTTT or SGDDT`);
  if (!k.name.trim() || k.name.length > 200)
    problems.push('name: give the key a label (up to 200 characters)');
  if (!k.scopes.length) problems.push('scopes: give at least one scope');
  for (const s of k.scopes) {
    if (!SCOPE_PATTERN.test(s))
      problems.push(
        `scopes: "${s}" is not a scope (read:shared, read:dataset:<id>, write:publisher:<code>, admin)`,
      );
  }
  if (k.expiresAt && Number.isNaN(Date.parse(k.expiresAt))) problems.push('expires: not a date');
  if (k.rateLimit != null && (!Number.isInteger(k.rateLimit) || k.rateLimit < 1))
    problems.push('rate limit: a whole number of requests per minute');
  return problems;
}

/** "90d", "12h", "2026-12-31": when a key expires. */
export function parseExpiry(text: string, now = new Date()): string {
  const m = /^(\d{1,5})([hdw])$/.exec(text.trim());
  if (m) {
    const hours = Number(m[1]) * (m[2] === 'h' ? 1 : m[2] === 'd' ? 24 : 168);
    return new Date(now.getTime() + hours * 3600_000).toISOString();
  }
  if (/^\d{4}-\d{2}-\d{2}/.test(text) && !Number.isNaN(Date.parse(text))) return new Date(text).toISOString();
  throw new BadRequest('invalid-expiry', `"${text}" is not an expiry: use 90d, 12h, 4w or a date`, [
    { parameter: 'expires', message: 'not an expiry' },
  ]);
}

export async function createKey(db: Executor, k: NewKey) {
  const problems = validateNewKey(k);
  if (problems.length)
    throw new BadRequest(
      'invalid-key-request',
      problems.join('; '),
      problems.map((message) => ({ message })),
    );
  const prefix = newPrefix();
  const key = `kho_${prefix}_${randomBytes(32).toString('base64url')}`;
  await query(
    db,
    sql`insert into api_clients (prefix, key_hash, agency_code, name, scopes, rate_limit, expires_at)
        values (${prefix}, ${hashKey(key)}, ${k.agency}, ${k.name.trim()}, ${`{${k.scopes.join(',')}}`}::text[], ${k.rateLimit ?? null}, ${k.expiresAt ?? null})`,
  );
  return {
    key,
    prefix,
    agency: k.agency,
    name: k.name.trim(),
    scopes: k.scopes,
    expiresAt: k.expiresAt ?? null,
  };
}

export async function listKeys(db: Executor) {
  return query<{
    prefix: string;
    agency_code: string;
    name: string;
    scopes: string[];
    rate_limit: number | null;
    created_at: string;
    expires_at: string | null;
    revoked_at: string | null;
    last_used_at: string | null;
  }>(
    db,
    sql`select prefix, agency_code, name, scopes, rate_limit, created_at, expires_at, revoked_at, last_used_at from api_clients order by created_at, prefix`,
  );
}

export async function revokeKey(db: Executor, prefix: string) {
  const row = await queryOne<{ prefix: string }>(
    db,
    sql`update api_clients set revoked_at = coalesce(revoked_at, now()) where prefix = ${prefix} returning prefix`,
  );
  if (!row) throw new NotFound('key-not-found', `No key has the prefix ${prefix}. See kho keys list.`);
  return row;
}

export type KeyCheck =
  | { ok: true; principal: Principal; rateLimit: number | null }
  | { ok: false; reason: string };

/** A presented key → the principal it stands for, or why it is refused (never anonymous). */
export async function verifyKey(db: Executor, presented: string): Promise<KeyCheck> {
  const m = KEY_PATTERN.exec(presented);
  if (!m) return { ok: false, reason: 'malformed key' };
  const row = await queryOne<{
    id: number;
    key_hash: string;
    agency_code: string;
    name: string;
    scopes: string[];
    rate_limit: number | null;
    expires_at: string | null;
    revoked_at: string | null;
  }>(
    db,
    sql`select id, key_hash, agency_code, name, scopes, rate_limit, expires_at, revoked_at from api_clients where prefix = ${m[1]}`,
  );
  if (!row) return { ok: false, reason: 'unknown key' };
  const given = Buffer.from(hashKey(presented), 'hex');
  const stored = Buffer.from(row.key_hash, 'hex');
  if (given.length !== stored.length || !timingSafeEqual(given, stored))
    return { ok: false, reason: 'unknown key' };
  if (row.revoked_at) return { ok: false, reason: 'revoked key' };
  if (
    row.expires_at &&
    new Date(row.expires_at.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00')).getTime() <= Date.now()
  ) {
    return { ok: false, reason: 'expired key' };
  }
  return {
    ok: true,
    principal: {
      kind: 'key',
      clientId: row.id,
      prefix: m[1]!,
      agency: row.agency_code,
      name: row.name,
      scopes: row.scopes,
    },
    rateLimit: row.rate_limit,
  };
}

export async function touchKey(db: Executor, clientId: number) {
  await query(db, sql`update api_clients set last_used_at = now() where id = ${clientId}`);
}
