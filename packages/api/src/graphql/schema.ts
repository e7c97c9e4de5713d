import { lexicographicSortSchema } from 'graphql';
import { builder } from './builder';
import '../modules/areas/areas.graphql';
import '../modules/catalog/catalog.graphql';
import '../modules/catalog/catalog.mutations';
import '../modules/records/records.graphql';
import '../modules/observations/observations.graphql';
import '../modules/versions/versions.graphql';
import '../modules/changes/changes.graphql';

/** The executable schema; modules add their types by being imported above. */
export const schema = lexicographicSortSchema(builder.toSchema());
