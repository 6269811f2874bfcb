import { describe, expect, it } from 'vitest';
import { appIcons } from './app-icon';

const files = { png: '/app/icon.png', ico: '/app/icon.ico', notificationPng: '/app/128x128.png' };

describe('appIcons', () => {
  it('gives Windows the multi-size ICO for the window and the small PNG for notifications', () => {
    expect(appIcons('win32', files)).toEqual({ window: '/app/icon.ico', notification: '/app/128x128.png' });
  });

  it('gives Linux the PNG for the window and the small PNG for notifications', () => {
    expect(appIcons('linux', files)).toEqual({ window: '/app/icon.png', notification: '/app/128x128.png' });
  });

  it('leaves macOS to the app bundle’s icon', () => {
    expect(appIcons('darwin', files)).toEqual({ window: undefined, notification: undefined });
  });
});
