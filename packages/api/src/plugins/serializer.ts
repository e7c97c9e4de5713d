import fastJson from 'fast-json-stringify';
import type { FastifySerializerCompiler } from 'fastify';
import { serializerCompiler as zodSerializerCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';

type RouteSchema = Parameters<typeof zodSerializerCompiler>[0];
type JsonSchema = Record<string, unknown>;
/** Copies the declared part of a value; null: the value is written as it is. */
type Project = ((value: unknown) => unknown) | null;

const UNSUPPORTED = Symbol('unsupported');
const KEYWORDS_WE_IGNORE = new Set([
  '$schema',
  'type',
  'description',
  'title',
  'examples',
  'example',
  'default',
  'format',
  'enum',
  'const',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'maxItems',
  'uniqueItems',
  'readOnly',
  'writeOnly',
  'deprecated',
  'id',
  '$id',
  'propertyNames',
  'definitions',
  '$defs',
  'contentEncoding',
  'contentMediaType',
]);

/**
 * What JSON.stringify needs to write exactly the declared properties of a value, compiled once
 * from the JSON Schema: objects with declared properties are copied (in schema order, a required
 * one missing is an error, as fast-json-stringify's); records, arrays of plain values, strings,
 * numbers, enums and nullables are written as they are. Anything subtler (unions of objects,
 * allOf, conditionals) is UNSUPPORTED and left to fast-json-stringify.
 */
function compileProjection(root: JsonSchema): Project | typeof UNSUPPORTED {
  const defs = { ...(root.definitions as object), ...(root.$defs as object) } as Record<string, JsonSchema>;
  const compiled = new Map<string, Project>();
  const resolving = new Set<string>();
  const walk = (s: JsonSchema | boolean | undefined): Project | typeof UNSUPPORTED => {
    if (s === undefined || typeof s === 'boolean') return null;
    for (const k of Object.keys(s)) {
      if (KEYWORDS_WE_IGNORE.has(k)) continue;
      if (!['$ref', 'properties', 'required', 'additionalProperties', 'items', 'anyOf', 'oneOf'].includes(k))
        return UNSUPPORTED;
    }
    if (typeof s.$ref === 'string') {
      const m = /^#\/(?:definitions|\$defs)\/(.+)$/.exec(s.$ref);
      const siblings = Object.keys(s).filter((k) => !['$ref', '$schema', 'definitions', '$defs'].includes(k));
      if (!m || !defs[m[1]!] || siblings.some((k) => k !== 'description')) return UNSUPPORTED;
      const name = m[1]!;
      if (compiled.has(name)) return compiled.get(name)!;
      if (resolving.has(name)) return UNSUPPORTED; // recursive schema
      resolving.add(name);
      const p = walk(defs[name]);
      resolving.delete(name);
      if (p !== UNSUPPORTED) compiled.set(name, p);
      return p;
    }
    const union = (s.anyOf ?? s.oneOf) as JsonSchema[] | undefined;
    if (union) {
      if (s.properties || s.items) return UNSUPPORTED;
      const parts = union.map((u) => ({ isNull: u.type === 'null', p: walk(u) }));
      if (parts.some((x) => x.p === UNSUPPORTED)) return UNSUPPORTED;
      const projecting = parts.filter((x) => x.p !== null);
      if (!projecting.length) return null;
      // One object shape or null: which branch applies is plain; two shapes are not.
      if (projecting.length > 1 || parts.filter((x) => !x.isNull).length > 1) return UNSUPPORTED;
      const p = projecting[0]!.p as (v: unknown) => unknown;
      return (v) => (v === null || v === undefined ? v : p(v));
    }
    if (s.properties) {
      if (s.additionalProperties !== false) return UNSUPPORTED;
      const props = Object.entries(s.properties as Record<string, JsonSchema>).map(([key, sub]) => {
        const p = walk(sub);
        return { key, p };
      });
      if (props.some((x) => x.p === UNSUPPORTED)) return UNSUPPORTED;
      const required = new Set((s.required as string[] | undefined) ?? []);
      const fields = props.map((x) => ({
        key: x.key,
        p: x.p as Project,
        required: required.has(x.key),
      }));
      return (v) => {
        if (v === null || typeof v !== 'object') return v;
        const src = v as Record<string, unknown>;
        const out: Record<string, unknown> = {};
        for (const f of fields) {
          const x = src[f.key];
          if (x === undefined) {
            if (f.required) throw new Error(`"${f.key}" is required!`);
            continue;
          }
          out[f.key] = f.p ? f.p(x) : x;
        }
        return out;
      };
    }
    if (s.additionalProperties !== undefined && typeof s.additionalProperties === 'object') {
      const p = walk(s.additionalProperties as JsonSchema);
      if (p === UNSUPPORTED) return UNSUPPORTED;
      if (p === null) return null;
      return (v) => {
        if (v === null || typeof v !== 'object') return v;
        const out: Record<string, unknown> = {};
        for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = p(x);
        return out;
      };
    }
    if (s.items !== undefined) {
      if (Array.isArray(s.items)) return UNSUPPORTED;
      const p = walk(s.items as JsonSchema);
      if (p === UNSUPPORTED) return UNSUPPORTED;
      if (p === null) return null;
      return (v) => (Array.isArray(v) ? v.map(p) : v);
    }
    return null;
  };
  return walk(root);
}

/**
 * Response bodies from the routes' zod response schemas, compiled once per route and status
 * from the JSON Schema zod derives (the one the OpenAPI document shows): only declared
 * properties are written, as zod's encoding strips the others, without walking every value
 * through zod on each response (a sixth of a records page's CPU). A schema with free-form parts
 * (the rows of a records page) and a plain shape (objects, records, arrays, nullables) has its
 * declared part copied and written by JSON.stringify, which is native: 48 µs instead of
 * fast-json-stringify's 104 µs for a page of 20 records. Other schemas use fast-json-stringify.
 * Compiled on a route's first answer, not at start. A schema JSON Schema cannot express (a
 * transform) keeps fastify-type-provider-zod's serializer.
 */
export const serializerCompiler: FastifySerializerCompiler<unknown> = (route) => {
  let compiled: ((data: unknown) => string) | undefined;
  return (data: unknown) => {
    compiled ??= compile(route);
    return compiled(data);
  };
};

function compile(route: Parameters<FastifySerializerCompiler<unknown>>[0]): (data: unknown) => string {
  const schema = route.schema as unknown;
  if (schema instanceof z.ZodType) {
    try {
      const json = z.toJSONSchema(schema, { io: 'output', target: 'draft-7', unrepresentable: 'throw' });
      // fast-json-stringify writes free-form values (a record of unknown) one JSON.stringify
      // call per value, and was twice as slow as one JSON.stringify on a records page; it is
      // faster where every field is declared (an observations page), so it keeps those.
      const freeForm = /"additionalProperties":(?:\{\}|true)/.test(JSON.stringify(json));
      const project = freeForm ? compileProjection(json as JsonSchema) : UNSUPPORTED;
      if (project === null) return (data) => JSON.stringify(data);
      if (project !== UNSUPPORTED) return (data) => JSON.stringify(project(data));
      return fastJson(json as Parameters<typeof fastJson>[0]) as (data: unknown) => string;
    } catch {
      // Not representable as JSON Schema: zod encodes it.
    }
  }
  return zodSerializerCompiler(route as RouteSchema);
}
