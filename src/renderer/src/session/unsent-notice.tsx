import type { UnsentWork } from '../../../shared/session';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "2 changes waiting to be sent and 1 to review": what a person left unsent, in words. */
export function unsentWords(work: UnsentWork): string {
  const parts = [
    work.waiting > 0 ? `${plural(work.waiting, 'change', 'changes')} waiting to be sent` : null,
    work.needsReview > 0 ? `${plural(work.needsReview, 'change', 'changes')} to review` : null,
  ].filter((part) => part !== null);
  return parts.join(' and ');
}

interface Props {
  work: UnsentWork[];
  /** On the desk, one line under the header; on the sign-in screen, a short list. */
  compact?: boolean;
}

/**
 * Other people's changes still on this desk. Only they can send them (each queue sits in its
 * owner's encrypted cache and goes out as them), so whoever is here is told whose they are and
 * what brings them to the portal: that person signing in here again.
 */
export function UnsentNotice({ work, compact = false }: Props) {
  if (work.length === 0) return null;
  if (compact) {
    return (
      <p className="unsent-notice" role="status">
        Not sent yet from this desk: {work.map((w) => `${w.userName} (${unsentWords(w)})`).join('; ')}. They go to the
        portal when {work.length === 1 ? 'that person signs' : 'each person signs'} in here again.
      </p>
    );
  }
  return (
    <section className="unsent-notice" aria-labelledby="unsent-title">
      <h2 id="unsent-title">Not sent yet from this desk</h2>
      <ul>
        {work.map((w) => (
          <li key={w.userName}>
            <strong>{w.userName}</strong>: {unsentWords(w)}
          </li>
        ))}
      </ul>
      <p className="muted">
        These changes are kept and go to the portal when {work.length === 1 ? 'that person signs' : 'each person signs'}{' '}
        in here again. Ask them to sign in before they leave the clinic.
      </p>
    </section>
  );
}
