import type { Config } from '../config';
import { Problem } from '../lib/problems';
import { createKey, listKeys, parseExpiry, revokeKey } from '../modules/keys/keys.service';
import { openRuntime } from '../runtime';
import { printJson, table } from './output';
import { CliUsage, type CommandResult } from './usage';

export interface KeysArgs {
  action?: string;
  target?: string;
  agency?: string;
  name?: string;
  scopes?: string;
  expires?: string;
  rateLimit?: string;
  json: boolean;
}

export async function keysCommand(config: Config, a: KeysArgs): Promise<CommandResult> {
  if (!a.action || !['create', 'list', 'revoke'].includes(a.action))
    throw new CliUsage('keys create | keys list | keys revoke <prefix>');
  if (a.action === 'create') {
    if (!a.agency || !a.scopes)
      throw new CliUsage('keys create needs --agency <code> and --scopes <scope,scope>');
    let expiresAt: string | null = null;
    try {
      expiresAt = a.expires ? parseExpiry(a.expires) : null;
    } catch (e) {
      throw new CliUsage((e as Error).message);
    }
    const rateLimit = a.rateLimit ? Number(a.rateLimit) : null;
    if (a.rateLimit && (!Number.isInteger(rateLimit) || rateLimit! < 1))
      throw new CliUsage('--rate-limit is a whole number of requests per minute');
    const runtime = await openRuntime(config, 'keys');
    try {
      const k = await createKey(runtime.database.db, {
        agency: a.agency,
        name: a.name ?? `${a.agency} key`,
        scopes: a.scopes
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
        expiresAt,
        rateLimit,
      });
      if (a.json) printJson(k);
      else {
        process.stdout.write(
          `Key for ${k.agency} (${k.name}), scopes ${k.scopes.join(', ')}${k.expiresAt ? `, expires ${k.expiresAt}` : ''}:\n\n  ${k.key}\n\nKeep it now: Kho stores only its hash and cannot show it again. Send it as "Authorization: Bearer <key>". Prefix: ${k.prefix}\n`,
        );
      }
    } catch (e) {
      if (e instanceof Problem) throw new CliUsage(e.detail);
      throw e;
    } finally {
      await runtime.close();
    }
    return { exitCode: 0 };
  }
  const runtime = await openRuntime(config, 'keys');
  try {
    if (a.action === 'list') {
      const rows = await listKeys(runtime.database.db);
      if (a.json) printJson({ items: rows });
      else if (!rows.length)
        process.stdout.write(
          'No keys yet. Make one with: pnpm kho keys create --agency <code> --scopes read:shared\n',
        );
      else {
        const state = (r: (typeof rows)[number]) =>
          r.revoked_at
            ? 'revoked'
            : r.expires_at &&
                Date.parse(r.expires_at.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00')) < Date.now()
              ? 'expired'
              : 'active';
        process.stdout.write(
          `${table(
            ['prefix', 'agency', 'name', 'scopes', 'state', 'expires', 'last used'],
            rows.map((r) => [
              r.prefix,
              r.agency_code,
              r.name,
              r.scopes.join(' '),
              state(r),
              r.expires_at?.slice(0, 10) ?? 'never',
              r.last_used_at?.slice(0, 16) ?? 'never',
            ]),
          )}\n`,
        );
      }
    } else {
      if (!a.target) throw new CliUsage('keys revoke <prefix>');
      try {
        await revokeKey(runtime.database.db, a.target.replace(/^kho_/, '').slice(0, 10));
      } catch (e) {
        if (e instanceof Problem) throw new CliUsage(e.detail);
        throw e;
      }
      if (a.json) printJson({ prefix: a.target, revoked: true });
      else
        process.stdout.write(
          `Revoked ${a.target}: requests with it now get 401 (within 10 seconds on running servers).\n`,
        );
    }
  } finally {
    await runtime.close();
  }
  return { exitCode: 0 };
}
