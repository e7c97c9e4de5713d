import Fastify from 'fastify';
const app = Fastify();
app.get('/v1/datasets/:id/download.:format', async (r) => r.params);
app.get('/v1/datasets/:id/records', async (r) => 'rec');
for (const u of ['/v1/datasets/a-b.c/download.csv', '/v1/datasets/abc/download.csv', '/v1/datasets/abc/download.exe', '/v1/datasets/abc/download', '/v1/datasets/abc/download.tar.gz'])
  console.log(u, (await app.inject(u)).body);
