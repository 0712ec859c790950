// Writes a .gz beside every built script, style and page (ratusz serves it to browsers that
// accept gzip), and checks the portal's budget: its first load (the scripts index.html loads,
// not the map's or the staff screens', which come when a page needs them) under 200 KB of
// compressed JavaScript.
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else yield path;
  }
}

const packed = new Map();
for (const path of files("dist")) {
  if (!/\.(js|css|html|webmanifest|svg)$/.test(path)) continue;
  const bytes = gzipSync(readFileSync(path), { level: 9 });
  writeFileSync(path + ".gz", bytes);
  packed.set(path.slice("dist".length), bytes.length);
}
const page = readFileSync("dist/index.html", "utf8");
const first = [...page.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]);
const firstLoad = first.reduce((sum, path) => sum + (packed.get(path) ?? 0), 0);
const all = [...packed].filter(([path]) => path.endsWith(".js")).reduce((sum, [, n]) => sum + n, 0);
console.log(
  `compressed JavaScript: portal first load ${(firstLoad / 1024).toFixed(1)} KB (budget 200 KB; ` +
    `${first.join(", ")}); everything ${(all / 1024).toFixed(1)} KB`,
);
if (firstLoad > 200 * 1024) {
  console.error("the portal's first load is over the 200 KB budget of compressed JavaScript");
  process.exit(1);
}
