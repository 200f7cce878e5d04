// A node:test reporter writing one Surefire-style <testsuite> (tests, failures, skipped counts and a
// <testcase> per test), so `./im test`'s closing count includes the SDK's and the browser tests.
//   node --test --test-reporter=spec --test-reporter-destination=stdout \
//        --test-reporter=<this file> --test-reporter-destination=target/TEST-x.xml ...

const esc = (s) => String(s).replace(/[<>&"]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;" })[c]);

export default async function* surefire(source) {
  const cases = [];
  let failures = 0;
  let skipped = 0;
  for await (const event of source) {
    if (event.type !== "test:pass" && event.type !== "test:fail") continue;
    const d = event.data;
    if (d.details?.type === "suite") continue; // count tests, not the describe blocks around them
    const name = esc(d.name);
    const seconds = ((d.details?.duration_ms ?? 0) / 1000).toFixed(3);
    const file = esc((d.file ?? "node").split("/").pop());
    if (d.skip || d.todo) {
      skipped++;
      cases.push(`  <testcase classname="${file}" name="${name}" time="${seconds}"><skipped/></testcase>`);
    } else if (event.type === "test:fail") {
      failures++;
      const why = esc(d.details?.error?.cause?.message ?? d.details?.error?.message ?? "failed");
      cases.push(`  <testcase classname="${file}" name="${name}" time="${seconds}"><failure message="${why}"/></testcase>`);
    } else {
      cases.push(`  <testcase classname="${file}" name="${name}" time="${seconds}"/>`);
    }
  }
  yield '<?xml version="1.0" encoding="UTF-8"?>\n';
  yield `<testsuite name="node" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}">\n`;
  yield cases.join("\n") + "\n</testsuite>\n";
}
