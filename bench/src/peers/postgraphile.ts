/**
 * The GraphQL reference: PostGraphile 5 (Amber preset, its own Node server) over the same
 * database. What Kho answers through its query modules PostGraphile answers through the
 * idiomatic PostGraphile means, created here before it introspects:
 * - the observations → areas and → indicators relations as smart tags (the fact table has no
 *   foreign keys);
 * - units in force on a date, and their children on that date, as SQL functions (a root
 *   query and a computed column), like Kho's `areas(level, at)` and `Area.children`;
 * - an area's observations as a computed column with Kho's filters: current rows of open,
 *   unretired datasets, indicator and period bounds, at most 1000 per unit, same order.
 * Run with `--require with-resolvers.cjs` on Node 20. Env: DATABASE_URL, DB_POOL_SIZE, PORT.
 */
import { createServer } from 'node:http';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';
import postgres from 'postgres';

const env = process.env as Record<string, string>;

const SETUP = `
comment on table observations is
  E'@foreignKey (area_id) references areas (id)\n@foreignKey (indicator_code) references indicators (code)';
create or replace function areas_at(level text, at date) returns setof areas language sql stable as $$
  select * from areas a where a.level = $1 and (a.valid_from is null or a.valid_from <= $2)
    and (a.valid_to is null or a.valid_to > $2) order by a.code limit 500
$$;
create or replace function areas_children(a areas, at_date date) returns setof areas language sql stable as $$
  select * from areas c where c.parent_code = a.code and (c.valid_from is null or c.valid_from <= at_date)
    and (c.valid_to is null or c.valid_to > at_date) order by c.code
$$;
create or replace function areas_observations(a areas, indicator text, period_from date, period_to date)
returns setof observations language sql stable as $$
  select o.* from observations o join datasets d on d.id = o.dataset_id
  where o.area_id = a.id and o.version_to is null and d.access = 'open' and d.retired_at is null
    and o.indicator_code = indicator and o.period_end >= period_from and o.period_start <= period_to
  order by o.indicator_code, o.period_start, o.id limit 1000
$$;
`;

const admin = postgres(env.DATABASE_URL!, { max: 1, onnotice: () => {} });
await admin.unsafe(SETUP);
await admin.end();

const preset: GraphileConfig.Preset = {
  extends: [PostGraphileAmberPreset],
  pgServices: [
    makePgService({
      connectionString: env.DATABASE_URL!,
      schemas: ['public'],
      poolConfig: { max: Number(env.DB_POOL_SIZE ?? 10) },
    }),
  ],
  grafserv: { graphqlPath: '/graphql', watch: false },
  grafast: { explain: false },
};

const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
const handler = serv.createHandler();
const server = createServer((req, res) => {
  if (req.url === '/ready') {
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    return;
  }
  handler(req, res);
});
// Build the schema before saying ready, so the first timed request does not pay for it.
await pgl.getSchema();
server.listen(Number(env.PORT), '127.0.0.1');

for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    server.close();
    void Promise.resolve(pgl.release()).finally(() => process.exit(0));
  });
