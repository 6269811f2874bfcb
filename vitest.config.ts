import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Browser specs run under Playwright, not here.
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
  },
});
