import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, readSettings } from './settings-schema';

describe('settings', () => {
  it('defaults to the embedded demo portal', () => {
    expect(DEFAULT_SETTINGS).toEqual({
      clinicName: null,
      portalUrl: null,
      idleLockMinutes: 15,
      window: { width: 1440, height: 900, maximized: false },
    });
  });

  it('keeps good fields and drops bad ones one by one', () => {
    expect(
      readSettings({
        clinicName: 'Naval Health Clinic',
        portalUrl: 'ftp://portal.example',
        window: { width: 20, height: 900, maximized: false },
      }),
    ).toEqual({ ...DEFAULT_SETTINGS, clinicName: 'Naval Health Clinic' });
    expect(readSettings({ portalUrl: 'https://portal.example/fhir' }).portalUrl).toBe('https://portal.example/fhir');
    expect(readSettings('garbage')).toEqual(DEFAULT_SETTINGS);
  });

  it('takes a shorter idle lock, and refuses none at all or one over an hour', () => {
    expect(readSettings({ idleLockMinutes: 5 }).idleLockMinutes).toBe(5);
    expect(readSettings({ idleLockMinutes: 0 }).idleLockMinutes).toBe(15);
    expect(readSettings({ idleLockMinutes: 240 }).idleLockMinutes).toBe(15);
    expect(readSettings({ idleLockMinutes: '5' }).idleLockMinutes).toBe(15);
  });
});
