import { Fragment, forwardRef, useImperativeHandle, useRef, useState } from 'react';
import type { QuickText } from '../../../shared/work-item';
import { unfilledPlaceholders } from '../../../shared/quick-texts';
import { keyshortcut, labelOf } from '../shell/keymap';

interface Props {
  kind: 'reply' | 'note';
  itemId: string;
  /** Opened by the nurse (a key or a button), not reopened on a draft: take the focus. */
  focusOnOpen: boolean;
  text: string;
  onText: (text: string) => void;
  /** Reply only: the picker's texts, the suggested ones first, and how to fill their placeholders. */
  quickTexts: { suggested: QuickText[]; others: QuickText[] } | null;
  fill: (text: string) => string;
  busy: boolean;
  onSend: () => void;
  onCancel: () => void;
}

export interface ComposerHandle {
  focus(): void;
}

/** Puts a quick text where the cursor is, or replaces an empty draft. */
function insertAt(area: HTMLTextAreaElement | null, draft: string, addition: string): string {
  if (draft.trim() === '') return addition;
  if (area === null) return `${draft}\n\n${addition}`;
  const start = area.selectionStart;
  const end = area.selectionEnd;
  return draft.slice(0, start) + addition + draft.slice(end);
}

/**
 * The reply or staff-note box. Ctrl+Enter sends; a reply still holding a quick text's
 * `{placeholder}` is not sent (the button is disabled, Ctrl+Enter says why), as main refuses it. For a reply, the quick-text picker is a plain
 * <select> (arrow keys, type-ahead) with an Insert button, so choosing never sends by accident.
 */
export const Composer = forwardRef<ComposerHandle, Props>(function Composer(
  { kind, itemId, focusOnOpen, text, onText, quickTexts, fill, busy, onSend, onCancel },
  ref,
) {
  const [choice, setChoice] = useState('');
  // Tried to send a reply still holding a `{placeholder}`: the warning is said aloud, nothing is sent.
  const [refused, setRefused] = useState(false);
  const id = `${kind}-${itemId}`;
  // A staff note is not the patient's to read: only a reply is held back (main refuses it too).
  const gaps = kind === 'reply' ? unfilledPlaceholders(text) : [];
  const send = () => {
    if (text.trim() === '') return;
    if (gaps.length > 0) {
      setRefused(true);
      area.current?.focus();
      return;
    }
    onSend();
  };
  const all = quickTexts === null ? [] : [...quickTexts.suggested, ...quickTexts.others];
  const area = useRef<HTMLTextAreaElement>(null);
  useImperativeHandle(ref, () => ({ focus: () => area.current?.focus() }), []);
  const insert = () => {
    const chosen = all.find((q) => q.id === choice);
    if (chosen === undefined) return;
    onText(insertAt(area.current, text, fill(chosen.text)));
    area.current?.focus();
  };
  return (
    <form
      className="composer"
      aria-label={kind === 'reply' ? 'Reply composer' : 'Staff note composer'}
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
    >
      {quickTexts !== null && all.length > 0 && (
        <div className="quick-text">
          <label htmlFor={`${id}-quick`}>Quick text</label>
          <select
            id={`${id}-quick`}
            value={choice}
            onChange={(event) => setChoice(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter') {
                event.preventDefault();
                insert();
              }
            }}
          >
            <option value="">Choose…</option>
            {quickTexts.suggested.length > 0 && (
              <optgroup label="Suggested for this item">
                {quickTexts.suggested.map((q) => (
                  <option key={q.id} value={q.id}>
                    {q.label}
                  </option>
                ))}
              </optgroup>
            )}
            <optgroup label={quickTexts.suggested.length > 0 ? 'Other quick texts' : 'Quick texts'}>
              {quickTexts.others.map((q) => (
                <option key={q.id} value={q.id}>
                  {q.label}
                </option>
              ))}
            </optgroup>
          </select>
          <button type="button" disabled={choice === ''} onClick={insert}>
            Insert
          </button>
        </div>
      )}
      <label htmlFor={`${id}-text`}>
        {kind === 'reply' ? 'Reply to the patient (they will see this)' : 'Staff note (not shown to the patient)'}
      </label>
      <textarea
        ref={area}
        id={`${id}-text`}
        rows={5}
        value={text}
        autoFocus={focusOnOpen}
        aria-keyshortcuts={keyshortcut('send')}
        aria-describedby={gaps.length > 0 ? `${id}-gaps` : undefined}
        onChange={(event) => {
          setRefused(false);
          onText(event.target.value);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            send();
          }
        }}
      />
      {gaps.length > 0 && (
        <p id={`${id}-gaps`} className="warning" role={refused ? 'alert' : undefined}>
          {refused && 'Not sent. '}Fill in the parts still in {'{braces}'} before sending: {gaps.join(', ')}.
        </p>
      )}
      <div className="composer-buttons">
        <button
          type="submit"
          className="primary"
          disabled={busy || text.trim() === '' || gaps.length > 0}
          aria-describedby={gaps.length > 0 ? `${id}-gaps` : undefined}
        >
          {kind === 'reply' ? 'Send reply' : 'Add note'}
        </button>
        <span className="muted">
          {labelOf('send')
            .split('+')
            .map((key, index) => (
              <Fragment key={key}>
                {index > 0 && '+'}
                <kbd>{key}</kbd>
              </Fragment>
            ))}{' '}
          to {kind === 'reply' ? 'send' : 'add'}
        </span>
        <button type="button" className="link-button" onClick={onCancel}>
          {text.trim() === '' ? 'Cancel' : 'Discard draft'}
        </button>
      </div>
    </form>
  );
});
