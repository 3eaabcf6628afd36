// Runs taplo (the TOML toolkit behind Even Better TOML and taplo-lsp) on
// sample `.ward.toml` files with policy.schema.json: the valid sample must
// pass, and the broken ones must fail with the expected messages. Offline:
// the schema is given as a file:// URL.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { check, finish, here, schemaDir } from "./common.mjs";

const cli = join(here, "node_modules", "@taplo", "cli", "dist", "cli.js");
const schemaUrl = pathToFileURL(join(schemaDir, "policy.schema.json")).href;

function taplo(sample, { directive = false } = {}) {
  const schemaArgs = directive ? [] : ["--schema", schemaUrl];
  const args = [cli, "check", "--colors", "never", ...schemaArgs, join(here, "samples", sample)];
  const r = spawnSync(process.execPath, args, {
    encoding: "utf8",
    timeout: 300_000,
    env: { ...process.env, RUST_LOG: "error" },
  });
  return { status: r.status, output: `${r.stdout || ""}${r.stderr || ""}${r.error ? String(r.error) : ""}` };
}

const valid = taplo("valid.ward.toml");
check(valid.status === 0, "valid.ward.toml passes taplo check", valid.output);

const range = taplo("out-of-range.ward.toml");
check(range.status !== 0, "out-of-range.ward.toml fails taplo check", range.output);
check(/5000 is greater than the maximum of 1024/.test(range.output), "taplo names the maximum", range.output);

const typos = taplo("typos.ward.toml");
check(typos.status !== 0, "typos.ward.toml fails taplo check", typos.output);
check(/idle_timout/.test(typos.output), "taplo names the unknown key", typos.output);
check(/"8 hrs"/.test(typos.output), "taplo rejects the unknown unit", typos.output);

// The `#:schema ../../../schemas/policy.schema.json` line alone, as
// docs/editors.md recommends, is enough.
const byDirective = taplo("out-of-range.ward.toml", { directive: true });
check(/5000 is greater than the maximum of 1024/.test(byDirective.output),
  "taplo follows the #:schema line", byDirective.output);

finish("taplo");
