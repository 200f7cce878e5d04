// Copies the pages' HTML and CSS next to the compiled scripts (tsc copies only what it compiles).
import { cpSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const src = new URL("../src/", import.meta.url).pathname;
const out = new URL("../dist/", import.meta.url).pathname;
for (const page of readdirSync(src)) {
  for (const file of readdirSync(join(src, page))) {
    if (/\.(html|css|svg|png)$/.test(file) && statSync(join(src, page, file)).isFile()) {
      cpSync(join(src, page, file), join(out, page, file));
    }
  }
}
