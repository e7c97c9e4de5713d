/**
 * The GraphQL stack's floor, for the record: graphql-yoga 5 mounted in Fastify 5 exactly as Kho
 * mounts it (handleNodeRequestAndResponse, the answer sent as one string), over a two-type SDL
 * schema whose one resolver runs one prepared statement (a dataset by primary key) with
 * postgres.js. No Kho code, no Pothos, no plugins, no hooks: what any server built on the stack
 * DESIGN.md chose pays per request before doing its own work. Kho cannot be faster than this on
 * the primary-key query; the bench sets it beside PostGraphile to show the ceiling.
 * Env: DATABASE_URL, DB_POOL_SIZE, PORT.
 */
import Fastify from 'fastify';
import { createSchema, createYoga } from 'graphql-yoga';
import postgres from 'postgres';

const env = process.env as Record<string, string>;
const sql = postgres(env.DATABASE_URL!, { max: Number(env.DB_POOL_SIZE ?? 10), onnotice: () => {} });

interface Row {
  id: string;
  title: string;
  version: number;
  access: string;
}
const schema = createSchema<{ req: unknown; reply: unknown }>({
  typeDefs: /* GraphQL */ `
    enum Access { OPEN SHARED RESTRICTED }
    type Dataset { slug: String! title: String! version: Int! access: Access! }
    type Query { dataset(id: String!): Dataset }
  `,
  resolvers: {
    Query: {
      dataset: async (_: unknown, { id }: { id: string }) => {
        const [r] = await sql.unsafe<Row[]>(
          `select id, title, version, access from datasets where id = $1 and access = 'open' and retired_at is null`,
          [id],
          { prepare: true },
        );
        return r ? { slug: r.id, title: r.title, version: r.version, access: r.access.toUpperCase() } : null;
      },
    },
  },
});
const yoga = createYoga<{ req: unknown; reply: unknown }>({
  schema,
  graphqlEndpoint: '/graphql',
  landingPage: false,
  graphiql: false,
  logging: false,
});

const app = Fastify();
app.get('/ready', async () => 'ok');
app.route({
  url: '/graphql',
  method: ['GET', 'POST', 'OPTIONS'],
  handler: async (req, reply) => {
    const response = await yoga.handleNodeRequestAndResponse(req, reply, { req, reply });
    response.headers.forEach((value, key) => {
      reply.header(key, value);
    });
    reply.status(response.status);
    reply.send(await response.text());
    return reply;
  },
});
await app.listen({ port: Number(env.PORT), host: '127.0.0.1' });

for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    void app
      .close()
      .then(() => sql.end({ timeout: 2 }))
      .finally(() => process.exit(0));
  });
