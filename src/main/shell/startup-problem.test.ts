import { describe, expect, it } from 'vitest';
import { startupProblem } from './startup-problem';

describe('startupProblem', () => {
  it('says what to do about a SQLite module built for another runtime, and keeps the original words', () => {
    const abi = new Error(
      "Cannot open the cache database at /x/cache.db: The module '/app/better_sqlite3.node'\nwas compiled against a different Node.js version using\nNODE_MODULE_VERSION 115. This version of Node.js requires\nNODE_MODULE_VERSION 150.",
    );
    const words = startupProblem(abi);
    expect(words).toMatch(/^The SQLite module was built for another runtime/);
    expect(words).toContain('`npm start`');
    expect(words).toContain('NODE_MODULE_VERSION 150');
  });

  it('passes other problems through as they are', () => {
    expect(startupProblem(new Error('The portal address must use https://'))).toBe(
      'The portal address must use https://',
    );
    expect(startupProblem('plain')).toBe('plain');
  });
});
