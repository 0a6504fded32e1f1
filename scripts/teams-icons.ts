/**
 * Draws the Teams app icons with pngjs (run once; the PNG files are committed):
 *  - appPackage/color.png: 192×192, a white professional card with its chip on the
 *    Assurance Maladie blue;
 *  - appPackage/outline.png: 32×32, the same card as a white outline on a transparent
 *    background (what Teams requires).
 * Usage: npx tsx scripts/teams-icons.ts
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';

type RGBA = [number, number, number, number];
const BLUE: RGBA = [0x0c, 0x41, 0x9a, 255];
const WHITE: RGBA = [255, 255, 255, 255];
const GOLD: RGBA = [0xf0, 0xb4, 0x29, 255];

function inRoundRect(x: number, y: number, x0: number, y0: number, x1: number, y1: number, r: number): boolean {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const cx = x < x0 + r ? x0 + r : x > x1 - r ? x1 - r : x;
  const cy = y < y0 + r ? y0 + r : y > y1 - r ? y1 - r : y;
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

/** Fills a rounded rectangle, with 4×4 supersampling for smooth edges. */
function fill(png: PNG, x0: number, y0: number, x1: number, y1: number, r: number, color: RGBA): void {
  for (let y = Math.floor(y0); y <= Math.ceil(y1); y++) {
    for (let x = Math.floor(x0); x <= Math.ceil(x1); x++) {
      if (x < 0 || y < 0 || x >= png.width || y >= png.height) continue;
      let hits = 0;
      for (let sy = 0; sy < 4; sy++) for (let sx = 0; sx < 4; sx++) if (inRoundRect(x + (sx + 0.5) / 4, y + (sy + 0.5) / 4, x0, y0, x1, y1, r)) hits++;
      if (hits === 0) continue;
      const a = (hits / 16) * (color[3] / 255);
      const i = (y * png.width + x) * 4;
      const under = png.data[i + 3] / 255;
      const out = a + under * (1 - a);
      for (let c = 0; c < 3; c++) png.data[i + c] = Math.round((color[c] * a + png.data[i + c] * under * (1 - a)) / (out || 1));
      png.data[i + 3] = Math.round(out * 255);
    }
  }
}

/** Clears (makes transparent) a rounded rectangle: used to hollow the outline. */
function clear(png: PNG, x0: number, y0: number, x1: number, y1: number, r: number): void {
  for (let y = 0; y < png.height; y++)
    for (let x = 0; x < png.width; x++) {
      let hits = 0;
      for (let sy = 0; sy < 4; sy++) for (let sx = 0; sx < 4; sx++) if (inRoundRect(x + (sx + 0.5) / 4, y + (sy + 0.5) / 4, x0, y0, x1, y1, r)) hits++;
      if (hits) png.data[(y * png.width + x) * 4 + 3] = Math.round(png.data[(y * png.width + x) * 4 + 3] * (1 - hits / 16));
    }
}

export function colorIcon(): PNG {
  const png = new PNG({ width: 192, height: 192 });
  fill(png, 0, 0, 192, 192, 0, BLUE);
  fill(png, 30, 50, 162, 142, 12, WHITE); // the card
  fill(png, 46, 70, 78, 96, 5, GOLD); // its chip
  fill(png, 92, 74, 146, 81, 3, BLUE); // lines of text
  fill(png, 92, 88, 134, 95, 3, BLUE);
  fill(png, 46, 112, 146, 119, 3, BLUE);
  return png;
}

export function outlineIcon(): PNG {
  const png = new PNG({ width: 32, height: 32 }); // starts transparent
  fill(png, 2, 7, 30, 25, 3, WHITE);
  clear(png, 4, 9, 28, 23, 1.5);
  fill(png, 7, 12, 12, 16, 1, WHITE); // chip
  fill(png, 15, 12.5, 25, 14, 0.5, WHITE); // a line of text
  fill(png, 7, 19, 25, 20.5, 0.5, WHITE);
  return png;
}

if (require.main === module) {
  const dir = path.resolve(__dirname, '..', 'appPackage');
  writeFileSync(path.join(dir, 'color.png'), PNG.sync.write(colorIcon()));
  writeFileSync(path.join(dir, 'outline.png'), PNG.sync.write(outlineIcon()));
  console.log(`Icônes écrites dans ${dir}`);
}
