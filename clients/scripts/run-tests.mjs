// Runs node's test runner in a package with two reporters: the readable one on stdout, and a
// Surefire-style XML file (surefire-reporter.mjs) that `./im test` counts with the Java tests.
//   node scripts/run-tests.mjs <package dir> <report.xml> <test file>...
// Test files are named relative to where it is started; the runner runs in the package directory.
// Exits with the runner's status.

import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";

const [dir, report, ...tests] = process.argv.slice(2);
if (!dir || !report || tests.length === 0) {
  console.error("usage: run-tests.mjs <package dir> <report.xml> <test file or dir>...");
  process.exit(2);
}
const xml = resolve(report);
mkdirSync(dirname(xml), { recursive: true });
const reporter = new URL("./surefire-reporter.mjs", import.meta.url).pathname;
const run = spawnSync(
  process.execPath,
  [
    "--experimental-websocket", // Node 20 has no global WebSocket without it (the SDK's tests need one)
    "--test",
    "--test-concurrency=1",
    "--test-reporter=spec",
    "--test-reporter-destination=stdout",
    `--test-reporter=${reporter}`,
    `--test-reporter-destination=${xml}`,
    ...tests.map((t) => resolve(t)), // named from where this script was started
  ],
  { cwd: resolve(dir), stdio: "inherit" },
);
process.exit(run.status ?? 1);
