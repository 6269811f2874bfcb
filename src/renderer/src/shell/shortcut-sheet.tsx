import { useEffect, useRef } from 'react';

/** Grouped as a nurse uses them: getting around, then acting on the open item. */
const SHORTCUTS: readonly { group: string; keys: readonly [string, string][] }[] = [
  {
    group: 'Moving around',
    keys: [
      ['↓ or j', 'Next item'],
      ['↑ or k', 'Previous item'],
      ['Page Down / Page Up', 'Move a screen'],
      ['Home / End', 'First / last item'],
      ['Enter', 'Open the item (moves focus to the detail pane)'],
      ['Esc', 'Back to the list'],
      ['/', 'Search messages (Esc clears the search)'],
      ['?', 'This sheet'],
    ],
  },
  {
    group: 'Acting on the item',
    keys: [
      ['c', 'Claim'],
      ['a', 'Assign to a person (choose, then Enter)'],
      ['r', 'Reply to the patient'],
      ['Ctrl+Enter', 'Send the reply or note'],
      ['t', 'Route to another pool'],
      ['p', 'Change priority (choose, then Enter)'],
      ['n', 'Staff note'],
      ['d', 'Mark done'],
      ['e', 'Acknowledge an emergency'],
    ],
  },
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
      <p className="muted">Letter keys work anywhere except while typing in a box.</p>
      {SHORTCUTS.map(({ group, keys }) => (
        <table key={group}>
          <caption>{group}</caption>
          <tbody>
            {keys.map(([key, what]) => (
              <tr key={key}>
                <th scope="row">
                  <kbd>{key}</kbd>
                </th>
                <td>{what}</td>
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
