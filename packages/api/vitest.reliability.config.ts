import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

/**
 * `pnpm test:reliability`: fuzzing, fault injection and the load soak (docs/reliability.md).
 * One file at a time: the fault suites run real servers and clusters, and the soak measures
 * latencies that a parallel suite would distort.
 */
export default defineConfig({
  resolve: { alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }] },
  test: {
    include: ['test/reliability/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 900_000,
    hookTimeout: 300_000,
  },
});
