// Renders the app's icon files from resources/icon.svg. Run it after changing the SVG, and commit
// what it writes: the build, the packager and the tests only read the generated files, so a fresh
// clone needs neither this script nor a browser.
//
//   node scripts/make-icons.mjs
//
// Chromium (found as the Playwright specs find it) draws the SVG onto a canvas at each size; the
// ICO and ICNS containers are written here, so no image tool needs to be installed.
//
//   resources/icons/NxN.png  the Linux set (electron-builder's linux.icon), 16 to 1024
//   resources/icon.png       512 px: the window (Linux) and the fallback electron-builder converts from
//   resources/icon.ico       Windows: 16 to 128 as 32-bit bitmaps, 256 as PNG (the usual layout)
//   resources/icon.icns      macOS: 16 to 1024, drawn inside Apple's margin (824 of 1024 px)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const RESOURCES = join(import.meta.dirname, '..', 'resources');
export const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
/** ICNS entry types and the pixel size each holds (the @2x types hold twice their point size). */
export const ICNS_ENTRIES = [
  ['icp4', 16],
  ['icp5', 32],
  ['ic11', 32],
  ['ic12', 64],
  ['ic07', 128],
  ['ic13', 256],
  ['ic08', 256],
  ['ic14', 512],
  ['ic09', 512],
  ['ic10', 1024],
];
export const ICON_PNG_SIZE = 512;
/** macOS icons sit inside a transparent margin: Apple's grid puts an 824 px square in 1024. */
const MAC_INSET = 100 / 1024;

/**
 * @typedef {{ size: number, png: Buffer, rgba: Buffer }} Rendering
 * rgba: the pixels row by row from the top, straight (not premultiplied) alpha.
 */

/**
 * An ICO file. Sizes under 256 are stored as 32-bit bitmaps (every Windows tool reads those),
 * 256 as PNG (what Windows expects there, and a tenth the size).
 * @param {Rendering[]} images
 */
export function encodeIco(images) {
  const entries = images.map(({ size, png, rgba }) => ({ size, data: size >= 256 ? png : icoBitmap(size, rgba) }));
  const header = Buffer.alloc(6 + 16 * entries.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // 1: icon (2 would be a cursor)
  header.writeUInt16LE(entries.length, 4);
  let offset = header.length;
  entries.forEach(({ size, data }, i) => {
    const at = 6 + 16 * i;
    header.writeUInt8(size >= 256 ? 0 : size, at); // 0 means 256
    header.writeUInt8(size >= 256 ? 0 : size, at + 1);
    header.writeUInt8(0, at + 2); // no palette
    header.writeUInt8(0, at + 3);
    header.writeUInt16LE(1, at + 4); // planes
    header.writeUInt16LE(32, at + 6); // bits per pixel
    header.writeUInt32LE(data.length, at + 8);
    header.writeUInt32LE(offset, at + 12);
    offset += data.length;
  });
  return Buffer.concat([header, ...entries.map((entry) => entry.data)]);
}

/** A BITMAPINFOHEADER, BGRA rows from the bottom, then the 1-bit transparency mask. */
function icoBitmap(size, rgba) {
  const maskStride = Math.ceil(size / 32) * 4;
  const info = Buffer.alloc(40);
  info.writeUInt32LE(40, 0);
  info.writeInt32LE(size, 4);
  info.writeInt32LE(size * 2, 8); // colour rows and mask rows together
  info.writeUInt16LE(1, 12);
  info.writeUInt16LE(32, 14);
  info.writeUInt32LE(0, 16); // BI_RGB
  info.writeUInt32LE(size * size * 4 + maskStride * size, 20);
  const pixels = Buffer.alloc(size * size * 4);
  const mask = Buffer.alloc(maskStride * size);
  for (let y = 0; y < size; y++) {
    const row = size - 1 - y;
    for (let x = 0; x < size; x++) {
      const from = (y * size + x) * 4;
      const to = (row * size + x) * 4;
      pixels[to] = rgba[from + 2];
      pixels[to + 1] = rgba[from + 1];
      pixels[to + 2] = rgba[from];
      pixels[to + 3] = rgba[from + 3];
      if (rgba[from + 3] === 0) mask[row * maskStride + (x >> 3)] |= 0x80 >> (x & 7);
    }
  }
  return Buffer.concat([info, pixels, mask]);
}

/**
 * An ICNS file of PNG entries (macOS 10.7 and later read PNG in every type used here).
 * @param {Map<number, Buffer>} pngBySize
 */
export function encodeIcns(pngBySize) {
  const chunks = ICNS_ENTRIES.map(([type, size]) => {
    const png = pngBySize.get(size);
    if (!png) throw new Error(`no ${size} px rendering for the ICNS entry ${type}`);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(8 + png.length, 4);
    return Buffer.concat([head, png]);
  });
  const body = Buffer.concat(chunks);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(8 + body.length, 4);
  return Buffer.concat([head, body]);
}

/**
 * Draws the SVG at each size in Chromium. inset: the transparent margin on each side, as a
 * fraction of the size.
 * @returns {Promise<Rendering[]>}
 */
async function render(svg, sizes, inset) {
  const { chromium } = await import('playwright-core');
  const { findChromium, CHROMIUM_INSTALL_HINT } = await import('./find-chromium.mjs');
  const executablePath = findChromium();
  if (!executablePath) throw new Error(CHROMIUM_INSTALL_HINT);
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage();
    const drawn = await page.evaluate(
      async ({ source, sizes, inset }) => {
        const image = new Image();
        image.src = `data:image/svg+xml;base64,${btoa(source)}`;
        await image.decode();
        return sizes.map((size) => {
          const canvas = document.createElement('canvas');
          canvas.width = size;
          canvas.height = size;
          const context = canvas.getContext('2d');
          const margin = Math.round(size * inset);
          context.drawImage(image, margin, margin, size - 2 * margin, size - 2 * margin);
          const pixels = context.getImageData(0, 0, size, size).data;
          let binary = '';
          for (let i = 0; i < pixels.length; i += 0x8000) {
            binary += String.fromCharCode(...pixels.subarray(i, i + 0x8000));
          }
          return { size, png: canvas.toDataURL('image/png'), rgba: btoa(binary) };
        });
      },
      { source: svg, sizes, inset },
    );
    return drawn.map(({ size, png, rgba }) => ({
      size,
      png: Buffer.from(png.slice(png.indexOf(',') + 1), 'base64'),
      rgba: Buffer.from(rgba, 'base64'),
    }));
  } finally {
    await browser.close();
  }
}

async function main() {
  const svg = readFileSync(join(RESOURCES, 'icon.svg'), 'utf8');
  const full = await render(svg, PNG_SIZES, 0);
  const bySize = new Map(full.map((r) => [r.size, r]));
  const write = (name, data) => {
    writeFileSync(join(RESOURCES, name), data);
    console.log(`make-icons: resources/${name} (${data.length} bytes)`);
  };

  mkdirSync(join(RESOURCES, 'icons'), { recursive: true });
  for (const { size, png } of full) write(`icons/${size}x${size}.png`, png);
  write('icon.png', bySize.get(ICON_PNG_SIZE).png);
  write('icon.ico', encodeIco(ICO_SIZES.map((size) => bySize.get(size))));

  const mac = await render(svg, [...new Set(ICNS_ENTRIES.map(([, size]) => size))], MAC_INSET);
  write('icon.icns', encodeIcns(new Map(mac.map((r) => [r.size, r.png]))));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(`make-icons: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
