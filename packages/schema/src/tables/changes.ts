import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

/**
 * The change feed (and the webhook outbox's source): one row per event, numbered in commit
 * order — writers take a transaction-level advisory lock before numbering, so a reader that
 * saw event N never later sees an event below N appear.
 */
export const changeEvents = pgTable(
  'change_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp('at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    type: text('type').notNull(),
    datasetId: text('dataset_id').notNull(),
    version: integer('version'),
    added: integer('added'),
    changed: integer('changed'),
    removed: integer('removed'),
    actor: text('actor'),
    detail: jsonb('detail').$type<Record<string, unknown>>(),
  },
  (t) => [index('change_events_dataset_idx').on(t.datasetId, t.id)],
);

/** A key holder's webhook: where to POST events, which ones, and the secret that signs them. */
export const webhookSubscriptions = pgTable('webhook_subscriptions', {
  id: serial('id').primaryKey(),
  clientId: integer('client_id').notNull(),
  url: text('url').notNull(),
  /** Kept to sign deliveries (HMAC needs it); never returned by the API. */
  secret: text('secret').notNull(),
  events: text('events').array().notNull().default(sql`'{*}'::text[]`),
  datasetId: text('dataset_id'),
  publisherCode: text('publisher_code'),
  active: boolean('active').notNull().default(true),
  /** The last event already turned into deliveries for this subscription. */
  lastEventId: bigint('last_event_id', { mode: 'number' }).notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
});

/** The outbox: one delivery per (subscription, event), claimed with FOR UPDATE SKIP LOCKED. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    subscriptionId: integer('subscription_id').notNull(),
    eventId: bigint('event_id', { mode: 'number' }).notNull(),
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true, mode: 'string' })
      .notNull()
      .defaultNow(),
    leaseUntil: timestamp('lease_until', { withTimezone: true, mode: 'string' }),
    lastStatus: integer('last_status'),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true, mode: 'string' }),
  },
  (t) => [
    index('webhook_deliveries_due_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index('webhook_deliveries_subscription_idx').on(t.subscriptionId, t.id),
  ],
);
