import { datasetId, problem } from '@kho/schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../../plugins/errors';
import { audit } from '../audit/audit.service';
import {
  createSubscription,
  deleteSubscription,
  EVENT_TYPES,
  listDeliveries,
  listSubscriptions,
} from './webhooks.service';

const subscription = z
  .object({
    id: z.number().int(),
    url: z.string(),
    events: z.array(z.string()),
    dataset: z.string().nullable(),
    publisher: z.string().nullable(),
    active: z.boolean(),
    createdAt: z.string(),
  })
  .meta({ id: 'Subscription' });
const authErrors = { ...errorResponses, 401: problem } as const;
const idParam = z.object({
  id: z.coerce
    .number({ error: 'a subscription id is a number' })
    .int()
    .min(1)
    .max(2 ** 31 - 1)
    .describe('The subscription’s id, from POST /v1/subscriptions'),
});

export const webhookRoutes: FastifyPluginAsyncZod<{ allowPrivateTargets: boolean }> = async (app, opts) => {
  app.post(
    '/v1/subscriptions',
    {
      schema: {
        operationId: 'createSubscription',
        tags: ['versions'],
        summary: 'Subscribe a URL to change events (webhook)',
        description:
          'Kho POSTs each matching event (JSON) to `url`, signed: `X-Kho-Timestamp` (Unix seconds) and `X-Kho-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" with your secret>`. Refuse deliveries whose timestamp is more than 5 minutes off (replays). Failed deliveries are retried with exponential backoff for 25 hours. Only events of datasets your key may read are sent. Private and loopback targets are refused unless the operator allows them.',
        security: [{ bearer: [] }],
        body: z.object({
          url: z.string().url().max(2000),
          secret: z.string().min(16, 'the secret must have at least 16 characters').max(200),
          events: z
            .array(z.enum(['*', ...EVENT_TYPES]))
            .min(1)
            .max(10)
            .default(['*']),
          dataset: datasetId.optional(),
          publisher: z
            .string()
            .regex(/^[A-Z][A-Z0-9]{1,19}$/)
            .optional(),
        }),
        response: { 201: subscription, ...authErrors },
      },
    },
    async (request, reply) => {
      const db = request.server.db.db;
      const s = await createSubscription(db, request.principal, request.body, opts.allowPrivateTargets);
      await audit(db, {
        principal: request.principal,
        surface: 'rest',
        action: 'write',
        requestId: request.id,
        detail: { op: 'subscribe', subscription: s.id },
      });
      return reply.code(201).send(s);
    },
  );

  app.get(
    '/v1/subscriptions',
    {
      schema: {
        operationId: 'listSubscriptions',
        tags: ['versions'],
        summary: 'Your webhook subscriptions',
        description:
          'The subscriptions of the key you send (all of them for an admin key). Secrets are never shown.',
        security: [{ bearer: [] }],
        response: {
          200: z.object({ items: z.array(subscription) }).meta({ id: 'SubscriptionList' }),
          ...authErrors,
        },
      },
    },
    async (request) => listSubscriptions(request.server.db.db, request.principal),
  );

  app.delete(
    '/v1/subscriptions/:id',
    {
      schema: {
        operationId: 'deleteSubscription',
        tags: ['versions'],
        summary: 'Stop a webhook subscription',
        description: 'Stops the subscription and cancels its pending deliveries.',
        security: [{ bearer: [] }],
        params: idParam,
        response: { 204: z.null(), ...authErrors },
      },
    },
    async (request, reply) => {
      const db = request.server.db.db;
      await deleteSubscription(db, request.principal, request.params.id);
      await audit(db, {
        principal: request.principal,
        surface: 'rest',
        action: 'write',
        requestId: request.id,
        detail: { op: 'unsubscribe', subscription: request.params.id },
      });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/v1/subscriptions/:id/deliveries',
    {
      schema: {
        operationId: 'listDeliveries',
        tags: ['versions'],
        summary: 'The delivery log of a subscription',
        description:
          'The last 200 deliveries: event, status (pending, delivered, failed, cancelled), attempts, last HTTP status or error, next attempt.',
        security: [{ bearer: [] }],
        params: idParam,
        response: {
          200: z.object({ items: z.array(z.record(z.string(), z.unknown())) }).meta({ id: 'DeliveryLog' }),
          ...authErrors,
        },
      },
    },
    async (request) => listDeliveries(request.server.db.db, request.principal, request.params.id),
  );
};
