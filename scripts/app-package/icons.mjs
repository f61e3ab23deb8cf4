// Draws the Teams app icons: two linked rings (a provider and its reseller) on the accent colour.
// Teams wants a colour icon of 192×192 whose symbol sits in the central 96×96, and an outline icon
// of 32×32 drawn in white on a transparent background
// (https://learn.microsoft.com/microsoftteams/platform/concepts/build-and-test/apps-package#app-icons).
// Run `node scripts/app-package/icons.mjs` to write appPackage/color.png and appPackage/outline.png.
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodePng } from './png.mjs';

/** The manifest's accentColor, #5B5FC7. */
export const ACCENT = [0x5b, 0x5f, 0xc7];
const SUPERSAMPLING = 4;

/** True when the point (symbol coordinates, -1…1 on both axes) is inside one of the two rings. */
function inSymbol(x, y) {
  const radius = 0.5;
  const half = 0.085;
  for (const cx of [-0.4, 0.4]) {
    const distance = Math.hypot(x - cx, y);
    if (Math.abs(distance - radius) <= half) return true;
  }
  return false;
}

/** Coverage (0…1) of one pixel by a shape, by supersampling. */
function coverage(px, py, inside) {
  let hits = 0;
  for (let i = 0; i < SUPERSAMPLING; i++) {
    for (let j = 0; j < SUPERSAMPLING; j++) {
      if (inside(px + (i + 0.5) / SUPERSAMPLING, py + (j + 0.5) / SUPERSAMPLING)) hits++;
    }
  }
  return hits / SUPERSAMPLING ** 2;
}

function draw(size, pixel) {
  const rgba = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) rgba.set(pixel(x, y), (y * size + x) * 4);
  }
  return encodePng(size, size, rgba);
}

/** 192×192: the accent colour edge to edge, the white symbol in the central 96×96. */
export function drawColorIcon() {
  const size = 192;
  const toSymbol = (v) => (v / size - 0.5) / 0.25;
  return draw(size, (x, y) => {
    const white = coverage(x, y, (sx, sy) => inSymbol(toSymbol(sx), toSymbol(sy)));
    return [...ACCENT.map((c) => Math.round(c + (255 - c) * white)), 255];
  });
}

/** 32×32: white, the background fully transparent; edges anti-aliased through alpha only. */
export function drawOutlineIcon() {
  const size = 32;
  const toSymbol = (v) => (v / size - 0.5) / 0.47;
  return draw(size, (x, y) => {
    const alpha = coverage(x, y, (sx, sy) => inSymbol(toSymbol(sx), toSymbol(sy)));
    return [255, 255, 255, Math.round(alpha * 255)];
  });
}

/** Writes both icons next to the manifest template. */
export function writeIcons(dir) {
  writeFileSync(join(dir, 'color.png'), drawColorIcon());
  writeFileSync(join(dir, 'outline.png'), drawOutlineIcon());
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'appPackage');
  writeIcons(dir);
  console.log(`icons: wrote ${join(dir, 'color.png')} and ${join(dir, 'outline.png')}`);
}
