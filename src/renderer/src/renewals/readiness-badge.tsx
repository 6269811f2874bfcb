import type { RenewalReadiness } from '../../../shared/renewals';
import { readinessBadge } from './renewal-words';

const ICONS = { ready: '✓', refill: '→', review: '!' } as const;

/**
 * A renewal row's readiness: the words carry it ("Ready", "Review: 1 not met"); the colour only
 * repeats them. In the list the badge holds the verdict and the line under it the detail
 * ("2 not met, 1 unknown"), so a narrow column never cuts the counts off.
 */
export function ReadinessBadge({ readiness }: { readiness: RenewalReadiness }) {
  const { text, tone } = readinessBadge(readiness);
  const [verdict, detail] = splitVerdict(text);
  return (
    <span className="readiness-cell" title={text}>
      <span className={`badge readiness readiness-${tone}`}>
        <span aria-hidden="true" className="readiness-icon">
          {ICONS[tone]}
        </span>
        {verdict}
      </span>
      {detail !== null && <span className="readiness-detail">{detail}</span>}
    </span>
  );
}

/** "Review: 2 not met, 1 unknown" → ["Review", "2 not met, 1 unknown"]; "Refill — pharmacy" → ["Refill", "pharmacy"]. */
function splitVerdict(text: string): [string, string | null] {
  const match = /^(\w+)(?::| —) (.+)$/.exec(text);
  return match === null ? [text, null] : [match[1] ?? text, match[2] ?? null];
}
