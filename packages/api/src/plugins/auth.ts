import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ANONYMOUS, type Principal } from '../lib/policy';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
  }
}

/** Who is asking: anonymous unless a valid key says otherwise (keys: see the access-level work). */
export const authPlugin = fp(async (app: FastifyInstance) => {
  app.decorateRequest('principal', null as never);
  app.addHook('onRequest', async (request) => {
    request.principal = ANONYMOUS;
  });
});
