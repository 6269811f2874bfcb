import type { ResultSeverity } from '../../../shared/results';
import { SEVERITY_WORDS } from './result-words';

/**
 * How far from normal a result is: the word carries it ("Abnormal", "Needs reading" when nothing in
 * the report says); the icon and the colour only repeat it, so it reads the same in greyscale and
 * to a screen reader.
 */
export function SeverityBadge({ severity }: { severity: ResultSeverity }) {
  const { word, icon } = SEVERITY_WORDS[severity];
  return (
    <span className={`badge severity severity-${severity}`}>
      <span aria-hidden="true" className="severity-icon">
        {icon}
      </span>
      {word}
    </span>
  );
}
