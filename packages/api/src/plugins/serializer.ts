import fastJson from 'fast-json-stringify';
import type { FastifySerializerCompiler } from 'fastify';
import { serializerCompiler as zodSerializerCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';

type RouteSchema = Parameters<typeof zodSerializerCompiler>[0];

/**
 * Response bodies from the routes' zod response schemas, compiled once per route and status
 * with fast-json-stringify from the JSON Schema zod derives (the one the OpenAPI document
 * shows): only declared properties are written, as zod's encoding strips the others, without
 * walking every value through zod on each response (a sixth of a records page's CPU). A schema
 * JSON Schema cannot express (a transform) keeps fastify-type-provider-zod's serializer.
 */
export const serializerCompiler: FastifySerializerCompiler<unknown> = (route) => {
  const schema = route.schema as unknown;
  if (schema instanceof z.ZodType) {
    try {
      const json = z.toJSONSchema(schema, { io: 'output', target: 'draft-7', unrepresentable: 'throw' });
      return fastJson(json as Parameters<typeof fastJson>[0]) as (data: unknown) => string;
    } catch {
      // Not representable as JSON Schema: zod encodes it.
    }
  }
  return zodSerializerCompiler(route as RouteSchema);
};
