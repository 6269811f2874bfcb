import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, matchesGlob, relative, resolve } from 'node:path';
import { getConfig } from 'app-builder-lib/out/util/config/config';
import { convertIcon } from 'app-builder-lib/out/util/iconConverter';
import type { Configuration } from 'app-builder-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeIcns, encodeIco } from './make-icons.mjs';

/**
 * The icon files scripts/make-icons.mjs wrote into resources/, and the places that name them: the
 * packaging configuration (resolved by electron-builder's own icon lookup) and the main process's
 * imports. The ICO and ICNS readers here are written from the formats, not from the generator.
 */
const root = join(import.meta.dirname, '..');
const resources = join(root, 'resources');
let config: Configuration;

beforeAll(async () => {
  config = await getConfig(root, join(root, 'electron-builder.json5'), null);
});

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function pngSize(data: Buffer): { width: number; height: number } {
  expect(data.subarray(0, 8).equals(PNG_SIGNATURE), 'PNG signature').toBe(true);
  expect(data.toString('latin1', 12, 16)).toBe('IHDR');
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}

interface IcoImage {
  width: number;
  height: number;
  format: 'png' | 'bmp';
  /** Share of the pixels that are not fully transparent. */
  opaque: number;
}

/** Reads an ICO file's directory and checks each image's header against it. */
function readIco(file: Buffer): IcoImage[] {
  expect(file.readUInt16LE(0), 'reserved').toBe(0);
  expect(file.readUInt16LE(2), 'type 1: icon').toBe(1);
  const count = file.readUInt16LE(4);
  const images: IcoImage[] = [];
  let end = 6 + 16 * count;
  for (let i = 0; i < count; i++) {
    const at = 6 + 16 * i;
    const width = file.readUInt8(at) || 256;
    const height = file.readUInt8(at + 1) || 256;
    const length = file.readUInt32LE(at + 8);
    const offset = file.readUInt32LE(at + 12);
    // The images follow the directory in order, back to back, and the file ends with the last.
    expect(offset, `image ${i} offset`).toBe(end);
    end = offset + length;
    const data = file.subarray(offset, end);
    if (data.subarray(0, 8).equals(PNG_SIGNATURE)) {
      expect(pngSize(data)).toEqual({ width, height });
      images.push({ width, height, format: 'png', opaque: 1 });
      continue;
    }
    expect(data.readUInt32LE(0), 'BITMAPINFOHEADER size').toBe(40);
    expect(data.readInt32LE(4)).toBe(width);
    expect(data.readInt32LE(8), 'colour and mask rows').toBe(height * 2);
    expect(data.readUInt16LE(14), 'bits per pixel').toBe(32);
    const maskStride = Math.ceil(width / 32) * 4;
    expect(data.length).toBe(40 + width * height * 4 + maskStride * height);
    let opaque = 0;
    for (let p = 0; p < width * height; p++) if (data[40 + p * 4 + 3] !== 0) opaque++;
    images.push({ width, height, format: 'bmp', opaque: opaque / (width * height) });
  }
  expect(end, 'file length').toBe(file.length);
  return images;
}

/** Reads an ICNS file's entries: each type and the PNG's size. */
function readIcns(file: Buffer): { type: string; width: number; height: number }[] {
  expect(file.toString('latin1', 0, 4)).toBe('icns');
  expect(file.readUInt32BE(4), 'length in the header').toBe(file.length);
  const entries = [];
  let at = 8;
  while (at < file.length) {
    const type = file.toString('latin1', at, at + 4);
    const length = file.readUInt32BE(at + 4);
    expect(length, `${type} length`).toBeGreaterThan(8);
    expect(at + length, `${type} ends inside the file`).toBeLessThanOrEqual(file.length);
    entries.push({ type, ...pngSize(file.subarray(at + 8, at + length)) });
    at += length;
  }
  return entries;
}

describe('the packaging configuration’s icons', () => {
  const roots = () => [resolve(root, config.directories?.buildResources ?? 'build'), root];
  const lookUp = (icon: string | null | undefined, format: 'ico' | 'icns' | 'set') =>
    // electron-builder's own lookup; for these formats it only finds files, it converts nothing.
    convertIcon({ sources: icon ? [icon] : [], fallbackSources: [], roots: roots(), format, outDir: '/nonexistent' });

  it('takes its build resources from resources/', () => {
    expect(config.directories?.buildResources).toBe('resources');
  });

  // electron-builder falls back to icon.ico and the like when a named icon is missing: a typo
  // would go unnoticed there, so each name is looked for as written too.
  it('names only icons that exist under resources/', () => {
    const named = { win: config.win?.icon, mac: config.mac?.icon, linux: config.linux?.icon, all: config.icon };
    expect(named).toEqual({ win: 'icon.ico', mac: 'icon.icns', linux: 'icons', all: undefined });
    for (const [platform, icon] of Object.entries(named)) {
      if (icon == null) continue;
      const found = roots()
        .map((dir) => join(dir, icon))
        .filter((path) => existsSync(path));
      expect(found, platform).toEqual([join(resources, icon)]);
    }
  });

  it('names a Windows icon that exists and holds 16 to 256 px', async () => {
    const found = await lookUp(config.win?.icon, 'ico');
    expect(found.isFallback).toBe(false);
    expect(found.icons.map((icon) => icon.file)).toEqual([join(resources, 'icon.ico')]);
    expect(found.icons[0]?.size).toBe(256);
  });

  it('names a macOS icon that exists', async () => {
    const found = await lookUp(config.mac?.icon, 'icns');
    expect(found.isFallback).toBe(false);
    expect(found.icons.map((icon) => icon.file)).toEqual([join(resources, 'icon.icns')]);
  });

  it('names a Linux icon set that exists, 16 to 1024 px', async () => {
    const found = await lookUp(config.linux?.icon, 'set');
    expect(found.isFallback).toBe(false);
    expect(found.icons.map((icon) => icon.size)).toEqual([16, 24, 32, 48, 64, 128, 256, 512, 1024]);
    for (const icon of found.icons) {
      expect(dirname(icon.file)).toBe(join(resources, 'icons'));
      expect(pngSize(readFileSync(icon.file))).toEqual({ width: icon.size, height: icon.size });
    }
  });
});

describe('the icons the main process shows', () => {
  // `import x from '…?asset&asarUnpack'` in src/main/index.ts: the window's and the notifications' icons.
  const mainFile = join(root, 'src', 'main', 'index.ts');
  const assetImports = [...readFileSync(mainFile, 'utf8').matchAll(/^import \w+ from '([^']+)\?(asset[^']*)';$/gm)].map(
    ([, path = '', query = '']) => ({ file: resolve(dirname(mainFile), path), query }),
  );

  it('are the three the window and the notifications use', () => {
    expect(assetImports.map(({ file }) => relative(root, file).split('\\').join('/')).sort()).toEqual([
      'resources/icon.ico',
      'resources/icon.png',
      'resources/icons/128x128.png',
    ]);
  });

  it('exist, and are packed and unpacked where their import points', () => {
    const files = [config.files ?? []].flat() as (string | { filter?: string | string[] })[];
    const included = files.flatMap((entry) => (typeof entry === 'string' ? [entry] : [entry.filter ?? []].flat()));
    const unpacked = [config.asarUnpack ?? []].flat();
    for (const { file, query } of assetImports) {
      const path = relative(root, file).split('\\').join('/');
      expect(existsSync(file), path).toBe(true);
      expect(
        included.some((pattern) => matchesGlob(path, pattern)),
        `${path} packed`,
      ).toBe(true);
      // Windows opens the window's .ico by its path, which must be outside the archive.
      expect(query, path).toBe('asset&asarUnpack');
      expect(
        unpacked.some((pattern) => matchesGlob(path, pattern)),
        `${path} unpacked`,
      ).toBe(true);
    }
  });

  it('are the sizes the app asks for: 512 px for the window, 128 px for notifications', () => {
    expect(pngSize(readFileSync(join(resources, 'icon.png')))).toEqual({ width: 512, height: 512 });
    expect(pngSize(readFileSync(join(resources, 'icons', '128x128.png')))).toEqual({ width: 128, height: 128 });
  });
});

describe('the generated icon files', () => {
  it('icon.ico holds 16 to 256 px, bitmaps below 256 and PNG at 256, none of them blank', () => {
    const images = readIco(readFileSync(join(resources, 'icon.ico')));
    expect(images.map(({ width, height, format }) => [width, height, format])).toEqual([
      [16, 16, 'bmp'],
      [24, 24, 'bmp'],
      [32, 32, 'bmp'],
      [48, 48, 'bmp'],
      [64, 64, 'bmp'],
      [128, 128, 'bmp'],
      [256, 256, 'png'],
    ]);
    // A rounded square: nearly every pixel is drawn.
    for (const image of images) expect(image.opaque, `${image.width} px`).toBeGreaterThan(0.9);
  });

  it('icon.icns holds PNGs of the sizes their types say, 16 to 1024 px', () => {
    const entries = readIcns(readFileSync(join(resources, 'icon.icns')));
    const pixels: Record<string, number> = {
      icp4: 16,
      icp5: 32,
      ic11: 32,
      ic12: 64,
      ic07: 128,
      ic13: 256,
      ic08: 256,
      ic14: 512,
      ic09: 512,
      ic10: 1024,
    };
    expect(entries.map((entry) => entry.type).sort()).toEqual(Object.keys(pixels).sort());
    for (const { type, width, height } of entries)
      expect({ type, width, height }).toEqual({ type, width: pixels[type], height: pixels[type] });
  });

  it('resources/icon.svg is the source: a square view box, no text', () => {
    const svg = readFileSync(join(resources, 'icon.svg'), 'utf8');
    expect(svg).toMatch(/viewBox="0 0 (\d+) \1"/);
    expect(svg).not.toMatch(/<text/);
  });
});

describe('the ICO and ICNS writers', () => {
  // 2×2: red, green / blue, transparent. Stand-in PNG bytes are enough for the containers.
  const rgba = Buffer.from([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 0, 0, 0, 0]);
  const fakePng = (size: number) => {
    const png = Buffer.alloc(24);
    PNG_SIGNATURE.copy(png);
    png.write('IHDR', 12, 'latin1');
    png.writeUInt32BE(size, 16);
    png.writeUInt32BE(size, 20);
    return png;
  };

  it('stores a small image as a bottom-up BGRA bitmap with its transparency mask', () => {
    const ico = encodeIco([{ size: 2, png: fakePng(2), rgba }]);
    expect(readIco(ico)).toEqual([{ width: 2, height: 2, format: 'bmp', opaque: 0.75 }]);
    const pixels = ico.subarray(6 + 16 + 40, 6 + 16 + 40 + 16);
    // The bottom row first: blue, transparent; then red, green. Each as B, G, R, A.
    expect([...pixels]).toEqual([255, 0, 0, 255, 0, 0, 0, 0, 0, 0, 255, 255, 0, 255, 0, 255]);
    const mask = ico.subarray(6 + 16 + 40 + 16);
    // Rows of 4 bytes, bottom row first: its second pixel (bit 6) is transparent.
    expect([...mask]).toEqual([0x40, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('stores 256 px as PNG, with 0 for 256 in the directory', () => {
    const ico = encodeIco([{ size: 256, png: fakePng(256), rgba: Buffer.alloc(0) }]);
    expect([ico[6], ico[7]]).toEqual([0, 0]);
    expect(readIco(ico)).toEqual([{ width: 256, height: 256, format: 'png', opaque: 1 }]);
  });

  it('refuses to write an ICNS without every size its entries need', () => {
    const sizes = [16, 32, 64, 128, 256, 512, 1024];
    const all = new Map(sizes.map((size) => [size, fakePng(size)]));
    expect(readIcns(encodeIcns(all))).toHaveLength(10);
    all.delete(64);
    expect(() => encodeIcns(all)).toThrow(/64 px/);
  });
});
