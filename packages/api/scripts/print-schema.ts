/** Writes the served GraphQL schema to schema.graphql (committed; CI fails when it drifts). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { printSchema } from 'graphql';
import { schema } from '../src/graphql/schema';

const out = join(import.meta.dirname, '../schema.graphql');
writeFileSync(out, `${printSchema(schema)}\n`);
console.log(`wrote ${out}`);
