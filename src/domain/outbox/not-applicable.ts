/** Thrown when the action makes no sense on this Task (e.g. claiming a closed item). */
export class ActionNotApplicableError extends Error {
  override name = 'ActionNotApplicableError';
}
