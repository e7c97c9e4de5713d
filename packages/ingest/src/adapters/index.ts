import { indicatorsAdapter } from './indicators/index';
import { recordsAdapter } from './records/index';
import type { Adapter } from './types';

export * from './types';

/** Every adapter by name (`--adapter`). */
export const ADAPTERS: Record<string, Adapter> = Object.fromEntries(
  [indicatorsAdapter, recordsAdapter].map((a) => [a.name, a]),
);

export function registerAdapter(adapter: Adapter) {
  ADAPTERS[adapter.name] = adapter;
}
