import type { WindowState } from '../settings/settings-schema';

export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Enough of the title bar to grab: a window showing less than this on every display is lost. */
const MIN_VISIBLE = { width: 120, height: 40 };

/**
 * The saved window where a person can see it. A position saved on a monitor that is gone (the
 * laptop undocked, a clinic's second screen moved) would open the window off screen, where a
 * keyboard-first user cannot reach it: then only the size is kept, fitted to the primary display,
 * and the system centres it.
 */
export function placeOnDisplays(
  saved: WindowState,
  workAreas: readonly Rectangle[],
  primary: Rectangle | undefined,
): WindowState {
  if (saved.x === undefined || saved.y === undefined) return fitted(saved, primary);
  const bounds = { x: saved.x, y: saved.y, width: saved.width, height: saved.height };
  if (workAreas.some((area) => visibleEnough(bounds, area))) return saved;
  return fitted({ width: saved.width, height: saved.height, maximized: saved.maximized }, primary);
}

function visibleEnough(window: Rectangle, area: Rectangle): boolean {
  const width = Math.min(window.x + window.width, area.x + area.width) - Math.max(window.x, area.x);
  // The top edge (the title bar) must be on the display, not only some part of the window.
  const top = window.y >= area.y && window.y <= area.y + area.height - MIN_VISIBLE.height;
  return width >= MIN_VISIBLE.width && top;
}

function fitted(state: WindowState, area: Rectangle | undefined): WindowState {
  const size: WindowState = { width: state.width, height: state.height, maximized: state.maximized };
  if (area === undefined) return size;
  return { ...size, width: Math.min(size.width, area.width), height: Math.min(size.height, area.height) };
}
