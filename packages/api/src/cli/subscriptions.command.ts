import { query, sql } from '@kho/schema';
import type { Config } from '../config';
import { openRuntime } from '../runtime';
import { printJson, table } from './output';
import type { CommandResult } from './usage';

/** kho subscriptions: every webhook subscription with its key and the state of its deliveries. */
export async function subscriptionsCommand(config: Config, a: { json: boolean }): Promise<CommandResult> {
  const runtime = await openRuntime(config, 'subscriptions');
  try {
    const rows = await query<{
      id: number;
      prefix: string;
      agency_code: string;
      url: string;
      events: string[];
      active: boolean;
      delivered: number;
      pending: number;
      failed: number;
      last_error: string | null;
    }>(
      runtime.database.db,
      sql`select s.id, c.prefix, c.agency_code, s.url, s.events, s.active,
            count(*) filter (where d.status = 'delivered')::int as delivered, count(*) filter (where d.status = 'pending')::int as pending,
            count(*) filter (where d.status = 'failed')::int as failed,
            (select last_error from webhook_deliveries x where x.subscription_id = s.id and x.last_error is not null order by x.id desc limit 1) as last_error
          from webhook_subscriptions s join api_clients c on c.id = s.client_id left join webhook_deliveries d on d.subscription_id = s.id
          group by s.id, c.prefix, c.agency_code order by s.id`,
    );
    if (a.json) printJson({ items: rows });
    else if (!rows.length)
      process.stdout.write(
        'No webhook subscriptions. Key holders create them with POST /v1/subscriptions.\n',
      );
    else {
      process.stdout.write(
        `${table(
          ['id', 'key', 'agency', 'url', 'events', 'active', 'delivered', 'pending', 'failed', 'last error'],
          rows.map((r) => [
            r.id,
            r.prefix,
            r.agency_code,
            r.url,
            r.events.join(' '),
            r.active ? 'yes' : 'no',
            r.delivered,
            r.pending,
            r.failed,
            r.last_error,
          ]),
        )}\n`,
      );
    }
  } finally {
    await runtime.close();
  }
  return { exitCode: 0 };
}
