import type { Arrival } from './arrivals';
import { arrivalLine } from './arrivals';

interface Props {
  waiting: readonly Arrival[];
  said: { assertive: string; polite: string };
  /** The backlog has been looked at; what arrives from now on is announced. */
  watching: boolean;
  onOpen: (arrival: Arrival) => void;
}

/**
 * The live regions (always in the page, so what is put in them is read out) and, while any
 * emergency that arrived has not been opened, a banner naming each, its subject whole.
 */
export function ArrivalBanner({ waiting, said, watching, onOpen }: Props) {
  return (
    <>
      <div
        className="sr-only"
        aria-live="assertive"
        aria-atomic="true"
        data-testid="live-assertive"
        data-watching={watching}
      >
        {said.assertive}
      </div>
      <div className="sr-only" aria-live="polite" aria-atomic="true" data-testid="live-polite">
        {said.polite}
      </div>
      {waiting.length > 0 && (
        <section className="arrival-banner" aria-label="New emergencies">
          <ul>
            {waiting.map((a) => (
              <li key={a.id} className={`arrival arrival-${a.tier}`}>
                <span className="arrival-line">{arrivalLine(a)}</span>
                <button type="button" onClick={() => onOpen(a)}>
                  Open
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
