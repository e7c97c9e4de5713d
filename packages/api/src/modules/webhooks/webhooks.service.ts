import { createHmac } from 'node:crypto';
import { type Executor, pgArray, query, queryOne, sql } from '@kho/schema';
import { isAdmin, type Principal } from '../../lib/policy';
import { BadRequest, NotFound, Problem } from '../../lib/problems';
import { checkTarget } from './targets';

export const EVENT_TYPES = [
  'dataset.created',
  'dataset.updated',
  'version.published',
  'dataset.retired',
] as const;

export interface NewSubscription {
  url: string;
  secret: string;
  events: string[];
  dataset?: string;
  publisher?: string;
}

type SubscriptionRow = {
  id: number;
  client_id: number;
  url: string;
  events: string[];
  dataset_id: string | null;
  publisher_code: string | null;
  active: boolean;
  created_at: string;
};

const shape = (s: SubscriptionRow) => ({
  id: s.id,
  url: s.url,
  events: s.events,
  dataset: s.dataset_id,
  publisher: s.publisher_code,
  active: s.active,
  createdAt: s.created_at,
});

const needKey = (p: Principal): Extract<Principal, { kind: 'key' }> => {
  if (p.kind !== 'key')
    throw new Problem(
      401,
      'key-required',
      'Unauthorized',
      'Webhooks belong to a key: send Authorization: Bearer <key>.',
    );
  return p;
};

export async function createSubscription(
  db: Executor,
  viewer: Principal,
  s: NewSubscription,
  allowPrivate: boolean,
) {
  const key = needKey(viewer);
  const reason = await checkTarget(s.url, allowPrivate);
  if (reason)
    throw new BadRequest('invalid-target', `url: ${reason}`, [{ parameter: 'url', message: reason }]);
  const bad = s.events.filter((e) => e !== '*' && !(EVENT_TYPES as readonly string[]).includes(e));
  if (bad.length)
    throw new BadRequest(
      'invalid-events',
      `events: unknown ${bad.join(', ')}; use * or ${EVENT_TYPES.join(', ')}`,
      [{ parameter: 'events', message: 'unknown event type' }],
    );
  // Deliveries start with the next event: what happened before is in the feed (GET /v1/changes).
  const row = await queryOne<SubscriptionRow>(
    db,
    sql`insert into webhook_subscriptions (client_id, url, secret, events, dataset_id, publisher_code, last_event_id)
        values (${key.clientId}, ${s.url}, ${s.secret}, ${pgArray(s.events)}::text[], ${s.dataset ?? null}, ${s.publisher ?? null},
          coalesce((select max(id) from change_events), 0))
        returning id, client_id, url, events, dataset_id, publisher_code, active, created_at`,
  );
  return shape(row!);
}

/** A key sees its own subscriptions; admin sees all. */
export async function listSubscriptions(db: Executor, viewer: Principal) {
  const key = needKey(viewer);
  const rows = await query<SubscriptionRow>(
    db,
    sql`select id, client_id, url, events, dataset_id, publisher_code, active, created_at from webhook_subscriptions
        where ${isAdmin(viewer) ? sql`true` : sql`client_id = ${key.clientId}`} order by id`,
  );
  return { items: rows.map(shape) };
}

async function owned(db: Executor, viewer: Principal, id: number) {
  const key = needKey(viewer);
  const row = await queryOne<SubscriptionRow>(
    db,
    sql`select id, client_id, url, events, dataset_id, publisher_code, active, created_at from webhook_subscriptions where id = ${id}`,
  );
  if (!row || (row.client_id !== key.clientId && !isAdmin(viewer)))
    throw new NotFound('subscription-not-found', `There is no subscription ${id}.`);
  return row;
}

export async function deleteSubscription(db: Executor, viewer: Principal, id: number) {
  await owned(db, viewer, id);
  await query(db, sql`update webhook_subscriptions set active = false where id = ${id}`);
  await query(
    db,
    sql`update webhook_deliveries set status = 'cancelled' where subscription_id = ${id} and status = 'pending'`,
  );
}

export async function listDeliveries(db: Executor, viewer: Principal, id: number) {
  await owned(db, viewer, id);
  const rows = await query<Record<string, unknown>>(
    db,
    sql`select d.id, d.event_id as "eventId", e.type, e.dataset_id as dataset, e.version, d.status, d.attempts, d.next_attempt_at as "nextAttemptAt",
          d.last_status as "lastStatus", d.last_error as "lastError", d.created_at as "createdAt", d.delivered_at as "deliveredAt"
        from webhook_deliveries d join change_events e on e.id = d.event_id
        where d.subscription_id = ${id} order by d.id desc limit 200`,
  );
  return { items: rows };
}

/**
 * X-Kho-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>"> with the subscription's
 * secret. Receivers recompute it and refuse timestamps older than a few minutes (replays).
 */
export function sign(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}
