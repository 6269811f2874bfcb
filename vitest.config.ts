import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Browser specs run under Playwright, not here.
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    // Many tests talk HTTP to a real simulator and write a real SQLite file; on a busy 2-core CI
    // machine 5 s is too tight for them. A hang still fails, just later.
    testTimeout: 20_000,
  },
});
