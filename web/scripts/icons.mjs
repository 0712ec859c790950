// After the build: the app icons (PNG, drawn here so that no image tool is needed: a town hall
// in white on the portal's blue) and the service worker's version (a hash of the built page,
// so a new build replaces the cached one) with the list of built assets it keeps.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { deflateSync } from "node:zlib";

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "latin1");
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

// Is (x, y) in 0..1 coordinates part of the white town hall?
function hall(x, y) {
  const roof = y >= 0.22 && y < 0.4 && Math.abs(x - 0.5) <= (y - 0.22) * 1.6;
  const tower = x >= 0.46 && x <= 0.54 && y >= 0.12 && y < 0.22;
  const body = x >= 0.24 && x <= 0.76 && y >= 0.4 && y <= 0.74;
  const columns = body && y > 0.46 && y < 0.7 && Math.floor((x - 0.24) / 0.0742) % 2 === 1;
  const steps = x >= 0.18 && x <= 0.82 && y > 0.74 && y <= 0.8;
  return roof || tower || (body && !columns) || steps;
}

function png(size) {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // No filter.
    for (let x = 0; x < size; x++) {
      const white = hall((x + 0.5) / size, (y + 0.5) / size);
      const at = y * (size * 4 + 1) + 1 + x * 4;
      raw.set(white ? [255, 255, 255, 255] : [0x0b, 0x4f, 0x8a, 255], at);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA.
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

for (const size of [192, 512]) writeFileSync(`dist/icon-${size}.png`, png(size));
const version = createHash("sha256").update(readFileSync("dist/index.html")).digest("hex").slice(0, 12);
const assets = readdirSync("dist/assets")
  .filter((name) => !name.endsWith(".gz"))
  .map((name) => `/assets/${name}`);
const worker = readFileSync("dist/sw.js", "utf8")
  .replace("__BUILD__", version)
  .replace('"__ASSETS__"', assets.map((a) => JSON.stringify(a)).join(", "));
writeFileSync("dist/sw.js", worker);
