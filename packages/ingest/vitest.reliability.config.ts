import { defineConfig } from 'vitest/config';

/** `pnpm test:reliability`: normaliser properties at size and mutated real files (docs/reliability.md). */
export default defineConfig({
  test: {
    include: ['test/reliability/**/*.test.ts'],
    testTimeout: 900_000,
    hookTimeout: 300_000,
  },
});
