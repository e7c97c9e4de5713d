import { agricultureAdapter } from './agriculture/index';
import { digitalAdapter } from './digital/index';
import { healthFacilitiesAdapter } from './health-facilities/index';
import { indicatorsAdapter } from './indicators/index';
import { recordsAdapter } from './records/index';
import { schoolsAdapter } from './schools/index';
import { tourismAdapter } from './tourism/index';
import type { Adapter } from './types';

export * from './types';

/** Every adapter by name (`--adapter`). */
export const ADAPTERS: Record<string, Adapter> = Object.fromEntries(
  [
    indicatorsAdapter,
    recordsAdapter,
    healthFacilitiesAdapter,
    schoolsAdapter,
    tourismAdapter,
    agricultureAdapter,
    digitalAdapter,
  ].map((a) => [a.name, a]),
);

export function registerAdapter(adapter: Adapter) {
  ADAPTERS[adapter.name] = adapter;
}
