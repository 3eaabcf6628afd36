// Shared helpers for the editor-tool checks: where the committed schemas
// are, how to load them, and a tiny assertion that collects failures so a
// script reports all of them and exits non-zero.
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const here = dirname(fileURLToPath(import.meta.url));
export const schemaDir = join(here, "..", "..", "schemas");

export function loadSchemas() {
  return readdirSync(schemaDir)
    .filter((f) => f.endsWith(".schema.json"))
    .sort()
    .map((f) => ({ file: f, schema: JSON.parse(readFileSync(join(schemaDir, f), "utf8")) }));
}

export function loadSchema(file) {
  return JSON.parse(readFileSync(join(schemaDir, file), "utf8"));
}

const failures = [];
let passed = 0;

export function check(ok, what, detail = "") {
  if (ok) {
    passed += 1;
  } else {
    failures.push(detail ? `${what}\n    ${detail}` : what);
  }
}

export function failed() {
  return failures.length > 0;
}

export function finish(name) {
  for (const f of failures) console.error(`FAIL ${name}: ${f}`);
  const total = passed + failures.length;
  console.log(failures.length === 0
    ? `${name}: all ${total} checks hold`
    : `${name}: ${failures.length} of ${total} checks do not hold`);
  process.exit(failures.length === 0 ? 0 : 1);
}
