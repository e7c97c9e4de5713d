import fc from 'fast-check';
import {
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
} from 'graphql';
import { hostileString } from './arbitraries';

/** Real values for arguments of these names, so documents reach past "not found". */
export type GraphQLDomain = Record<'datasets' | 'areas' | 'indicators', string[]>;

const literal = (s: string) => JSON.stringify(s);

function realValues(name: string, d: GraphQLDomain): string[] {
  if (/^(id|datasetId|dataset)$/.test(name)) return d.datasets;
  if (/^(code|parent|area)$/.test(name)) return d.areas;
  if (name === 'indicator') return d.indicators;
  return [];
}

/** A GraphQL literal for an input type: valid most of the time, hostile or mistyped now and then. */
function valueArb(
  type: GraphQLInputType,
  name: string,
  d: GraphQLDomain,
  depth: number,
  clean: boolean,
): fc.Arbitrary<string> {
  if (isNonNullType(type)) return valueArb(type.ofType, name, d, depth, clean);
  if (isListType(type))
    return fc
      .array(valueArb(type.ofType, name, d, depth + 1, clean), { maxLength: 3 })
      .map((xs) => `[${xs.join(', ')}]`);
  if (isEnumType(type))
    return fc.constantFrom(...type.getValues().map((v) => v.name), ...(clean ? [] : ['NOT_A_VALUE']));
  if (isInputObjectType(type)) {
    if (depth > 2) return fc.constant('{}');
    const fields = Object.values(type.getFields());
    return fc
      .tuple(
        ...fields.map((f) =>
          fc.option(valueArb(f.type, f.name, d, depth + 1, clean), { freq: isNonNullType(f.type) ? 100 : 2 }),
        ),
      )
      .map(
        (vs) => `{ ${fields.flatMap((f, i) => (vs[i] === null ? [] : [`${f.name}: ${vs[i]}`])).join(', ')} }`,
      );
  }
  const real = realValues(name, d);
  switch (isScalarType(type) ? type.name : '') {
    case 'Int':
      if (clean) return fc.integer({ min: 1, max: 50 }).map(String);
      return fc.oneof(
        fc.integer({ min: -5, max: 2000 }).map(String),
        fc.constantFrom('0', '-1', '1000', '1001', '2147483647', '2147483648', '99999999999999999999'),
      );
    case 'Float':
      return fc.constantFrom('0', '1.5', '-1e308', '1e309');
    case 'Boolean':
      return fc.constantFrom('true', 'false');
    case 'Date':
      if (clean) return fc.constantFrom('"2022-06-03"', '"2026-01-01"', '"2025-07-01"');
      return fc.constantFrom(
        '"2022-06-03"',
        '"2026-01-01"',
        '"2025-07-01"',
        '"2022-02-30"',
        '"x"',
        '"9999-12-31"',
      );
    case 'DateTime':
      return fc.constantFrom('"2022-06-03T00:00:00Z"', '"not a time"', '"1970-01-01T00:00:00.000Z"');
    case 'JSON':
      return fc.constantFrom('{}', '{ a: 1 }', '[1, "x"]', 'null', '"s"');
    default:
      return fc.oneof(
        {
          weight: real.length ? 5 : 0,
          arbitrary: fc.constantFrom(...(real.length ? real : [''])).map(literal),
        },
        { weight: clean ? 0 : 2, arbitrary: hostileString.map(literal) },
        {
          weight: 1,
          arbitrary: fc.constantFrom('"2022"', '"Quý I/2022"', '"2022-06-03"', '""').map((s) => s),
        },
      );
  }
}

function argsArb(args: readonly GraphQLArgument[], d: GraphQLDomain, clean: boolean): fc.Arbitrary<string> {
  if (!args.length) return fc.constant('');
  return fc
    .tuple(
      ...args.map((a) =>
        fc.option(valueArb(a.type, a.name, d, 0, clean), {
          freq: isNonNullType(a.type) ? 100 : clean ? 1 : 2,
        }),
      ),
    )
    .map((vs) => {
      const parts = args.flatMap((a, i) => (vs[i] === null ? [] : [`${a.name}: ${vs[i]}`]));
      return parts.length ? `(${parts.join(', ')})` : '';
    });
}

/** A selection set on a type: a few fields, each with arguments and (for objects) a sub-selection. */
function selectionArb(
  type: GraphQLNamedType,
  schema: GraphQLSchema,
  d: GraphQLDomain,
  depth: number,
  maxDepth: number,
  clean: boolean,
): fc.Arbitrary<string> {
  if (isUnionType(type) || (isInterfaceType(type) && !isObjectType(type))) {
    const options = schema.getPossibleTypes(type);
    return fc
      .subarray([...options], { minLength: 1, maxLength: 2 })
      .chain((ts) =>
        fc.tuple(
          ...ts.map((t) =>
            selectionArb(t, schema, d, depth, maxDepth, clean).map((s) => `... on ${t.name} ${s}`),
          ),
        ),
      )
      .map((parts) => `{ __typename ${parts.join(' ')} }`);
  }
  if (!isObjectType(type)) return fc.constant('');
  const fields = Object.values(type.getFields()) as GraphQLField<unknown, unknown>[];
  const leaves = fields.filter(
    (f) => isLeafType(getNamedType(f.type)) && !f.args.some((a) => isNonNullType(a.type)),
  );
  const pool = depth >= maxDepth ? leaves : fields;
  if (!pool.length) return fc.constant('{ __typename }');
  return fc
    .subarray(pool, { minLength: 1, maxLength: Math.min(4, pool.length) })
    .chain((chosen) =>
      fc.tuple(
        ...chosen.map((f) => {
          const named = getNamedType(f.type);
          const sub = isLeafType(named)
            ? fc.constant('')
            : selectionArb(named, schema, d, depth + 1, maxDepth, clean);
          return fc.tuple(argsArb(f.args, d, clean), sub).map(([args, s]) => `${f.name}${args} ${s}`);
        }),
      ),
    )
    .map((parts) => `{ ${parts.join(' ')} }`);
}

/**
 * Documents valid for the schema's shape, up to `maxDepth` levels: `clean` ones use real and
 * well-formed values (most are answered), the others hostile strings, bad numbers and enums.
 */
export function queryArb(
  schema: GraphQLSchema,
  d: GraphQLDomain,
  maxDepth: number,
  clean: boolean,
): fc.Arbitrary<string> {
  return selectionArb(schema.getQueryType()!, schema, d, 1, maxDepth, clean);
}

/** Documents that exercise the mutations (mostly refused: no key, or bad input). */
export function mutationArb(schema: GraphQLSchema, d: GraphQLDomain): fc.Arbitrary<string> {
  const mutation = schema.getMutationType();
  return mutation
    ? selectionArb(mutation, schema, d, 1, 3, false).map((s) => `mutation ${s}`)
    : fc.constant('{ __typename }');
}
