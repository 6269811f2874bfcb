import { useState } from 'react';
import type { ActArgument } from '../../../shared/staff-actions';
import { api } from './api';

/**
 * The one way the page calls the preload's `act`. One staff action at a time, with main's refusal kept for the page to show ("Only a PCM can
 * approve a renewal"): the page checks what it can, main decides.
 */
export function useAct(): {
  busy: boolean;
  error: string | null;
  setError: (error: string | null) => void;
  /**
   * Resolves to null once the action is on disk, else to main's message, also kept in `error`
   * unless `quiet`: a dialog that shows the refusal itself leaves the page's error line clear.
   */
  act: (arg: ActArgument, options?: { quiet?: boolean }) => Promise<string | null>;
} {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const act = async (arg: ActArgument, options: { quiet?: boolean } = {}): Promise<string | null> => {
    setBusy(true);
    setError(null);
    const result = await api().act(arg);
    setBusy(false);
    const problem = result.ok ? null : result.error.message;
    if (options.quiet !== true) setError(problem);
    return problem;
  };
  return { busy, error, setError, act };
}
