import { lexicographicSortSchema } from 'graphql';
import { builder } from './builder';
import '../modules/areas/areas.graphql';

/** The executable schema; modules add their types by being imported above. */
export const schema = lexicographicSortSchema(builder.toSchema());
