/** A cache file that cannot be used, with a message that names the file and what to do. */
export class CacheOpenError extends Error {
  override name = 'CacheOpenError';
}
