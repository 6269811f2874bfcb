import { Fragment } from 'react';
import type { ResultReview, ResultValue } from '../../../shared/results';
import { TREND_WORDS, currentAt, flagOf } from './result-words';
import { TrendChart } from './trend-chart';

/**
 * The report's values as a provider scans them: one line a test (value, range, flag in words with a
 * marker, trend in words), its trend chart under it; a narrative report's conclusion as plain text.
 */
export function ResultValues({ review }: { review: ResultReview }) {
  const at = currentAt(review);
  return (
    <section className="result-values" aria-label="Values">
      {review.values.some((v) => v.trend.previous.length > 0) && (
        <p className="chart-legend" aria-hidden="true">
          Charts: earlier results of the same test, oldest first; <span className="legend-band">shaded</span> = normal
          range; the large dot is this result.
        </p>
      )}
      {review.values.length > 0 && (
        <table className="result-table">
          <thead>
            <tr>
              <th scope="col">Test</th>
              <th scope="col">Value</th>
              <th scope="col">Normal range</th>
              <th scope="col">Flag</th>
              <th scope="col">Trend</th>
            </tr>
          </thead>
          <tbody>
            {review.values.map((value) => (
              <ValueRows key={value.id} value={value} at={at} />
            ))}
          </tbody>
        </table>
      )}
      {review.conclusion !== null && (
        <div className="result-conclusion">
          <h4>Conclusion</h4>
          {/* The lab's words, as text: never markup. */}
          <p>{review.conclusion}</p>
        </div>
      )}
      {review.values.length === 0 && review.conclusion === null && (
        <p className="muted">The report has no values or conclusion yet.</p>
      )}
    </section>
  );
}

function ValueRows({ value, at }: { value: ResultValue; at: number | null }) {
  const flag = flagOf(value);
  const trend = TREND_WORDS[value.trend.direction];
  // A first result has nothing to draw: the trend cell says so, and no chart line follows.
  const charted = value.numeric !== null && value.trend.previous.length > 0;
  return (
    <Fragment>
      <tr className={`value-row tone-${flag.tone}${charted ? ' has-chart' : ''}`}>
        <th scope="row" className="value-name">
          {value.name}
        </th>
        <td className="value-value">
          {value.value}
          {value.unit !== null && value.unit !== '' && <span className="value-unit"> {value.unit}</span>}
        </td>
        <td className="value-range">{value.range?.text ?? '—'}</td>
        <td className="value-flag">
          <span className={`flag-mark tone-${flag.tone}`}>
            <span aria-hidden="true" className="flag-icon">
              {flag.icon}
            </span>
            {flag.word}
          </span>
        </td>
        <td className="value-trend">
          {value.numeric === null ? (
            '—'
          ) : !charted ? (
            <TrendChart value={value} at={at} />
          ) : (
            <>
              <span aria-hidden="true" className="trend-icon">
                {trend.icon}
              </span>{' '}
              {trend.word}
            </>
          )}
        </td>
      </tr>
      {charted && (
        <tr className="chart-row">
          <td colSpan={5}>
            <TrendChart value={value} at={at} />
          </td>
        </tr>
      )}
    </Fragment>
  );
}
