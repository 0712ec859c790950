// Writes a .gz beside every built script, style and page (ratusz serves it to browsers that
// accept gzip), and prints the compressed size of the JavaScript: the portal's budget is
// 200 KB of compressed JavaScript on first load.
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

let js = 0;
for (const path of files("dist")) {
  if (!/\.(js|css|html|webmanifest|svg)$/.test(path)) continue;
  const packed = gzipSync(readFileSync(path), { level: 9 });
  writeFileSync(path + ".gz", packed);
  if (path.endsWith(".js")) js += packed.length;
}
console.log(`compressed JavaScript: ${(js / 1024).toFixed(1)} KB (budget 200 KB)`);
if (js > 200 * 1024) {
  console.error("over the 200 KB budget of compressed JavaScript");
  process.exit(1);
}
