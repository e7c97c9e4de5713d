import { type Database, query, sql } from '@kho/schema';
import { canRead, type Principal } from '../../lib/policy';
import { checkTarget } from './targets';
import { sign } from './webhooks.service';

export interface WorkerOptions {
  publicUrl: string;
  allowPrivateTargets: boolean;
  /** How often to look for work, ms. */
  intervalMs?: number;
  /** Per-request timeout of a delivery, ms. */
  timeoutMs?: number;
  log?: { warn: (o: object, m: string) => void; info?: (o: object, m: string) => void };
}

/** Attempts are spaced 10 s, 20 s, 40 s … up to 6 h, and kept up for 25 h before a delivery fails. */
export const backoffSeconds = (attempts: number) => Math.min(10 * 2 ** Math.max(0, attempts - 1), 6 * 3600);
export const GIVE_UP_HOURS = 25;
const LEASE_SECONDS = 60;
const BATCH = 20;

type Sub = {
  id: number;
  client_id: number;
  events: string[];
  dataset_id: string | null;
  publisher_code: string | null;
  last_event_id: number;
  prefix: string;
  agency_code: string;
  name: string;
  scopes: string[];
  revoked: boolean;
};

/**
 * Turns new feed events into deliveries for the subscriptions whose key may see the dataset
 * (the policy module decides), one subscription at a time under FOR UPDATE SKIP LOCKED, so
 * several API instances never create the same delivery twice.
 */
export async function dispatch(database: Database): Promise<number> {
  let created = 0;
  await database.db.transaction(async (tx) => {
    const subs = await query<Sub>(
      tx,
      sql`/* webhooks.dispatch */ select s.id, s.client_id, s.events, s.dataset_id, s.publisher_code, s.last_event_id,
            c.prefix, c.agency_code, c.name, c.scopes,
            (c.revoked_at is not null or (c.expires_at is not null and c.expires_at <= now())) as revoked
          from webhook_subscriptions s join api_clients c on c.id = s.client_id
          where s.active and s.last_event_id < (select coalesce(max(id), 0) from change_events)
          order by s.id for update of s skip locked limit 50`,
    );
    for (const s of subs) {
      const principal: Principal = {
        kind: 'key',
        clientId: s.client_id,
        prefix: s.prefix,
        agency: s.agency_code,
        name: s.name,
        scopes: s.revoked ? [] : s.scopes,
      };
      const events = await query<{
        id: number;
        type: string;
        dataset_id: string;
        access: string;
        publisher_code: string;
      }>(
        tx,
        sql`select e.id, e.type, e.dataset_id, d.access, d.publisher_code from change_events e join datasets d on d.id = e.dataset_id
            where e.id > ${s.last_event_id} order by e.id limit 500`,
      );
      for (const e of events) {
        const wanted =
          (s.events.includes('*') || s.events.includes(e.type)) &&
          (!s.dataset_id || s.dataset_id === e.dataset_id) &&
          (!s.publisher_code || s.publisher_code === e.publisher_code) &&
          !s.revoked &&
          canRead(principal, { id: e.dataset_id, access: e.access, publisherCode: e.publisher_code });
        if (wanted) {
          await query(
            tx,
            sql`insert into webhook_deliveries (subscription_id, event_id) values (${s.id}, ${e.id})`,
          );
          created++;
        }
      }
      const last = events[events.length - 1];
      if (last)
        await query(tx, sql`update webhook_subscriptions set last_event_id = ${last.id} where id = ${s.id}`);
    }
  });
  return created;
}

type Claimed = {
  id: number;
  attempts: number;
  created_at: string;
  url: string;
  secret: string;
  event_id: number;
  type: string;
  at: string;
  dataset_id: string;
  version: number | null;
  added: number | null;
  changed: number | null;
  removed: number | null;
};

/**
 * Sends due deliveries: each is leased for a minute (FOR UPDATE SKIP LOCKED), so one instance
 * sends it; a crash mid-send makes the lease lapse and it is sent again (at least once — the
 * X-Kho-Delivery header lets receivers drop a repeat).
 */
export async function deliver(database: Database, o: WorkerOptions): Promise<number> {
  const claimed = await query<Claimed>(
    database.db,
    sql`/* webhooks.claim */ update webhook_deliveries d set lease_until = now() + make_interval(secs => ${LEASE_SECONDS})
        from webhook_subscriptions s, change_events e
        where d.id in (select id from webhook_deliveries where status = 'pending' and next_attempt_at <= now()
                         and (lease_until is null or lease_until < now()) order by id for update skip locked limit ${BATCH})
          and s.id = d.subscription_id and e.id = d.event_id
        returning d.id, d.attempts, d.created_at, s.url, s.secret, e.id as event_id, e.type, e.at, e.dataset_id, e.version, e.added, e.changed, e.removed`,
  );
  await Promise.all(claimed.map((c) => send(database, c, o)));
  return claimed.length;
}

async function send(database: Database, c: Claimed, o: WorkerOptions) {
  const body = JSON.stringify({
    id: c.event_id,
    type: c.type,
    at: new Date(c.at.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00')).toISOString(),
    dataset: c.dataset_id,
    version: c.version,
    counts: c.added === null ? null : { added: c.added, changed: c.changed, removed: c.removed },
    links: {
      dataset: `${o.publicUrl}/v1/datasets/${c.dataset_id}`,
      ...(c.type === 'version.published' && c.version
        ? {
            changes: `${o.publicUrl}/v1/datasets/${c.dataset_id}/changes?from=${c.version - 1}&to=${c.version}`,
          }
        : {}),
    },
  });
  const ts = Math.floor(Date.now() / 1000);
  let status: number | null = null;
  let error: string | null = await checkTarget(c.url, o.allowPrivateTargets);
  if (!error) {
    try {
      const r = await fetch(c.url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(o.timeoutMs ?? 10_000),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Kho-Webhooks/1',
          'x-kho-event': c.type,
          'x-kho-delivery': String(c.id),
          'x-kho-timestamp': String(ts),
          'x-kho-signature': sign(c.secret, ts, body),
        },
        body,
      });
      status = r.status;
      await r.body?.cancel().catch(() => {});
      if (r.status < 200 || r.status >= 300) error = `HTTP ${r.status}`;
    } catch (e) {
      error = (e as Error).name === 'TimeoutError' ? 'timed out' : (e as Error).message.slice(0, 200);
    }
  }
  const attempts = c.attempts + 1;
  if (!error) {
    await query(
      database.db,
      sql`update webhook_deliveries set status = 'delivered', attempts = ${attempts}, last_status = ${status}, last_error = null, delivered_at = now(), lease_until = null where id = ${c.id}`,
    );
    return;
  }
  const expired =
    Date.now() - Date.parse(c.created_at.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00')) >
    GIVE_UP_HOURS * 3600_000;
  await query(
    database.db,
    sql`update webhook_deliveries set attempts = ${attempts}, last_status = ${status}, last_error = ${error}, lease_until = null,
          status = ${expired ? 'failed' : 'pending'}, next_attempt_at = now() + make_interval(secs => ${backoffSeconds(attempts)})
        where id = ${c.id}`,
  );
  o.log?.warn({ delivery: c.id, error, attempts }, 'webhook delivery failed');
}

/** The loop each API instance runs; stops with the returned function. */
export function startWebhookWorker(database: Database, o: WorkerOptions): () => Promise<void> {
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const tick = async () => {
    try {
      await dispatch(database);
      await deliver(database, o);
    } catch (err) {
      o.log?.warn({ err: (err as Error).message }, 'webhook worker');
    }
  };
  const timer = setInterval(() => {
    if (stopped) return;
    running = running.then(tick);
  }, o.intervalMs ?? 1000);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
