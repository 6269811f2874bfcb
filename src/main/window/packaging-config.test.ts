import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, matchesGlob, relative } from 'node:path';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import type { Configuration } from 'app-builder-lib';
import { DebugLogger } from 'builder-util';
import { beforeAll, describe, expect, it } from 'vitest';
import { APP_ID, PRODUCT_NAME } from '../shell/app-identity';

/**
 * Packaging needs the Electron binary download, which a test machine may not have; what can be
 * checked without it is the configuration: loaded and validated the way `electron-builder` itself
 * does (its own loader and its scheme.json), and the security settings asserted by name.
 */
const root = join(import.meta.dirname, '..', '..', '..');
const CONFIG_FILE = 'electron-builder.json5';
let config: Configuration;

beforeAll(async () => {
  config = await getConfig(root, join(root, CONFIG_FILE), null);
});

const validate = (candidate: Configuration) => validateConfiguration(candidate, new DebugLogger(false));

describe('the packaging configuration', () => {
  it("passes electron-builder's own schema", async () => {
    await expect(validate(config)).resolves.toBeUndefined();
  });

  it('is checked by a validator that does refuse a misspelled fuse', async () => {
    const misspelled = { ...config, electronFuses: { ...config.electronFuses, runAsNod: false } };
    await expect(validate(misspelled as Configuration)).rejects.toThrow(/Invalid configuration object/);
  });

  it('sets every fuse as the security issue asks', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
      loadBrowserProcessSpecificV8Snapshot: false,
      resetAdHocDarwinSignature: true,
    });
  });

  it('packs the app into an asar with the SQLite driver unpacked and rebuilt for Electron', () => {
    expect(config.asar).toBe(true);
    expect(config.npmRebuild).toBe(true);
    // getConfig hands the file list on as electron-builder uses it, as one filter.
    expect(config.files).toEqual([{ filter: ['out/**', 'package.json', 'resources/**'] }]);
    // The driver's real .node file, wherever its build put it, is matched by an unpack pattern.
    const driver = join(root, 'node_modules', 'better-sqlite3-multiple-ciphers');
    const nodeFiles = existsSync(join(driver, 'build'))
      ? readdirSync(join(driver, 'build'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.node'))
      : [];
    expect(nodeFiles.length).toBeGreaterThan(0);
    const patterns = [config.asarUnpack ?? []].flat();
    for (const file of nodeFiles) {
      const path = relative(root, join(driver, 'build', file))
        .split('\\')
        .join('/');
      expect(patterns.some((pattern) => matchesGlob(path, pattern))).toBe(true);
    }
  });

  it('names the app once, for the installer, the data folder and Windows notifications alike', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { productName?: string };
    // package.json is what Electron reads at run time (the userData folder, `npm start` included)…
    expect(pkg.productName).toBe(PRODUCT_NAME);
    // …and electron-builder reads it from there too: a second spelling here could only disagree.
    expect(config.productName).toBeUndefined();
    // The shell's AppUserModelID must be the appId the installer writes on its shortcut.
    expect(config.appId).toBe(APP_ID);
  });

  it('builds installers a clinic can deploy on each system, and ones that start there', () => {
    expect(config.win?.target).toEqual(['nsis', 'msi']);
    expect(config.mac?.target).toEqual(['dmg']);
    // No AppImage: it cannot start under Ubuntu 23.10+'s sandbox rules.
    expect(config.linux?.target).toEqual(['deb']);
    // Fuses break the ad-hoc signature; it is redone, or an unsigned Apple silicon build will not launch.
    expect(config.electronFuses?.resetAdHocDarwinSignature).toBe(true);
  });

  it('gives the .deb what its control file needs: a homepage and a maintainer with an email', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      homepage?: string;
      author?: { name?: string; email?: string };
    };
    expect(new URL(pkg.homepage ?? '').protocol).toBe('https:');
    expect(pkg.author?.name).toBeTruthy();
    expect(pkg.author?.email).toMatch(/^[^@\s]+@[^@\s]+$/);
  });
});
