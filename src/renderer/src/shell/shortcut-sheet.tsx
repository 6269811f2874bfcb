import { Fragment, useEffect, useRef } from 'react';
import { SHEET_GROUPS, footerHints, labelOf, sheetRows } from './keymap';

/** A native <dialog>: it traps focus and closes on Esc by itself. */
export function ShortcutSheet({ onClose }: { onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  return (
    <dialog ref={dialog} className="shortcuts" aria-labelledby="shortcuts-title" onClose={onClose}>
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <p className="muted">Letter keys work anywhere except while typing in a box.</p>
      {SHEET_GROUPS.map(({ group, where }) => (
        <table key={group}>
          <caption>{group}</caption>
          <tbody>
            {sheetRows(where).map(({ id, description }) => (
              <tr key={id}>
                <th scope="row">
                  <kbd>{labelOf(id)}</kbd>
                </th>
                <td>{description}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
      <button type="button" autoFocus onClick={() => dialog.current?.close()}>
        Close
      </button>
    </dialog>
  );
}

/** The footer's reminder of the common keys: "j/k move · Enter open · … · ? all keys". */
export function KeyHints() {
  return (
    <span>
      {footerHints().map(({ keys, word }, index) => (
        <Fragment key={word}>
          {index > 0 && ' · '}
          {keys.map((key, k) => (
            <Fragment key={key}>
              {k > 0 && '/'}
              <kbd>{key}</kbd>
            </Fragment>
          ))}{' '}
          {word}
        </Fragment>
      ))}
    </span>
  );
}
