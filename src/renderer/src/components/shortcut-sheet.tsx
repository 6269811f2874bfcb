import { useEffect, useRef } from 'react';

const SHORTCUTS: readonly [string, string][] = [
  ['↓ or j', 'Next item'],
  ['↑ or k', 'Previous item'],
  ['Page Down / Page Up', 'Move a screen'],
  ['Home / End', 'First / last item'],
  ['Enter', 'Open the item (moves focus to the detail pane)'],
  ['Esc', 'Back to the list'],
  ['?', 'This sheet'],
];

/** A native <dialog>: it traps focus and closes on Esc by itself. */
export function ShortcutSheet({ onClose }: { onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  return (
    <dialog ref={dialog} className="shortcuts" aria-labelledby="shortcuts-title" onClose={onClose}>
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <table>
        <tbody>
          {SHORTCUTS.map(([keys, what]) => (
            <tr key={keys}>
              <th scope="row">
                <kbd>{keys}</kbd>
              </th>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" autoFocus onClick={() => dialog.current?.close()}>
        Close
      </button>
    </dialog>
  );
}
