// Writes the tray and app icons as PNG files with a tiny encoder (node:zlib), so the icons are reproducible from
// source: `node assets/generate-icons.ts`. Tray: a coloured dot per state (green primary, amber degraded, red
// down) and macOS template variants (black + alpha; shape, not colour, tells the state: filled dot, half-filled
// ring, ring with a slash). App icon: 512×512 rounded square with a route-fork mark.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';

type Rgba = [number, number, number, number];
/** Coverage 0..1 of a shape at a point in a 0..1 square, and its colour there. */
type Shader = (x: number, y: number) => Rgba | null;

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([length, body, crc]);
}

function encodePng(size: number, pixels: Uint8Array): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    Buffer.from(pixels.buffer, y * size * 4, size * 4).copy(raw, y * (size * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Renders with 4×4 supersampling for smooth edges; colours are straight (not premultiplied) alpha. */
function render(size: number, shade: Shader): Buffer {
  const pixels = new Uint8Array(size * size * 4);
  const samples = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const color = shade((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size);
          if (!color) continue;
          const alpha = color[3] / 255;
          r += color[0] * alpha;
          g += color[1] * alpha;
          b += color[2] * alpha;
          a += alpha;
        }
      }
      const offset = (py * size + px) * 4;
      if (a > 0) {
        pixels[offset] = Math.round(r / a);
        pixels[offset + 1] = Math.round(g / a);
        pixels[offset + 2] = Math.round(b / a);
      }
      pixels[offset + 3] = Math.round((a / (samples * samples)) * 255);
    }
  }
  return encodePng(size, pixels);
}

const distance = (x: number, y: number) => Math.hypot(x - 0.5, y - 0.5);

const COLOURS: Record<'primary' | 'degraded' | 'down', Rgba> = {
  primary: [46, 160, 67, 255],
  degraded: [219, 145, 0, 255],
  down: [207, 34, 46, 255],
};

function colouredDot(color: Rgba): Shader {
  return (x, y) => {
    const d = distance(x, y);
    if (d > 0.44) return null;
    return d > 0.36 ? [255, 255, 255, 230] : color; // a light rim keeps the dot visible on dark taskbars
  };
}

const BLACK: Rgba = [0, 0, 0, 255];
const TEMPLATE: Record<'primary' | 'degraded' | 'down', Shader> = {
  primary: (x, y) => (distance(x, y) <= 0.4 ? BLACK : null),
  degraded: (x, y) => {
    const d = distance(x, y);
    if (d <= 0.4 && d >= 0.29) return BLACK;
    return d < 0.29 && y >= 0.5 ? BLACK : null;
  },
  down: (x, y) => {
    const d = distance(x, y);
    if (d <= 0.4 && d >= 0.29) return BLACK;
    const onSlash = Math.abs(x - 0.5 - (0.5 - y)) / Math.SQRT2 < 0.06;
    return d < 0.29 && onSlash ? BLACK : null;
  },
};

function appIcon(): Shader {
  const radius = 0.2;
  const inside = (x: number, y: number) => {
    const margin = 0.06;
    const cx = Math.min(Math.max(x, margin + radius), 1 - margin - radius);
    const cy = Math.min(Math.max(y, margin + radius), 1 - margin - radius);
    return Math.hypot(x - cx, y - cy) <= radius;
  };
  const segment = (x: number, y: number, ax: number, ay: number, bx: number, by: number) => {
    const t = Math.max(0, Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
    return Math.hypot(x - (ax + t * (bx - ax)), y - (ay + t * (by - ay)));
  };
  return (x, y) => {
    if (!inside(x, y)) return null;
    // One input line forking into a main route and a fallback route.
    const stroke = 0.045;
    const main = Math.min(segment(x, y, 0.22, 0.5, 0.5, 0.5), segment(x, y, 0.5, 0.5, 0.78, 0.32));
    const fallback = segment(x, y, 0.5, 0.5, 0.78, 0.68);
    if (main < stroke) return [255, 255, 255, 255];
    if (fallback < stroke * 0.8) return [255, 214, 140, 255];
    if (Math.hypot(x - 0.5, y - 0.5) < 0.075) return [255, 255, 255, 255];
    const shade = Math.round(40 + 40 * y);
    return [shade, 72 + Math.round(30 * (1 - y)), 160, 255];
  };
}

const dir = import.meta.dirname;
for (const state of ['primary', 'degraded', 'down'] as const) {
  writeFileSync(join(dir, `tray-${state}.png`), render(16, colouredDot(COLOURS[state])));
  writeFileSync(join(dir, `tray-${state}@2x.png`), render(32, colouredDot(COLOURS[state])));
  writeFileSync(join(dir, `tray-${state}Template.png`), render(16, TEMPLATE[state]));
  writeFileSync(join(dir, `tray-${state}Template@2x.png`), render(32, TEMPLATE[state]));
}
writeFileSync(join(dir, 'icon.png'), render(512, appIcon()));
console.log(`icons written to ${dir}`);
