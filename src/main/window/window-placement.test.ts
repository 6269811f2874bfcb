import { describe, expect, it } from 'vitest';
import { placeOnDisplays } from './window-placement';

const laptop = { x: 0, y: 0, width: 1280, height: 760 };
const monitorOnTheRight = { x: 1280, y: 0, width: 1920, height: 1040 };

describe('placeOnDisplays', () => {
  it('keeps a window saved where a display still is', () => {
    const saved = { x: 1400, y: 60, width: 1440, height: 900, maximized: false };
    expect(placeOnDisplays(saved, [laptop, monitorOnTheRight], laptop)).toEqual(saved);
  });

  it('drops the position of a window saved on a display that is gone, and fits its size to the primary one', () => {
    const saved = { x: 1400, y: 60, width: 1440, height: 900, maximized: true };
    expect(placeOnDisplays(saved, [laptop], laptop)).toEqual({ width: 1280, height: 760, maximized: true });
  });

  it('does not keep a window whose title bar is off every display, though a corner shows', () => {
    expect(placeOnDisplays({ x: 100, y: -880, width: 1000, height: 900, maximized: false }, [laptop], laptop)).toEqual({
      width: 1000,
      height: 760,
      maximized: false,
    });
    expect(placeOnDisplays({ x: 1230, y: 100, width: 1000, height: 700, maximized: false }, [laptop], laptop)).toEqual({
      width: 1000,
      height: 700,
      maximized: false,
    });
  });

  it('fits a window from a display that is gone to the primary display, wherever that is listed', () => {
    const saved = { x: -2000, y: 0, width: 1800, height: 1000, maximized: false };
    expect(placeOnDisplays(saved, [monitorOnTheRight, laptop], laptop)).toEqual({
      width: 1280,
      height: 760,
      maximized: false,
    });
  });

  it('leaves a window with no saved position to the system, and copes with no display reported', () => {
    expect(placeOnDisplays({ width: 1440, height: 900, maximized: false }, [laptop], laptop)).toEqual({
      width: 1280,
      height: 760,
      maximized: false,
    });
    expect(placeOnDisplays({ x: 10, y: 10, width: 1440, height: 900, maximized: false }, [], undefined)).toEqual({
      width: 1440,
      height: 900,
      maximized: false,
    });
  });
});
