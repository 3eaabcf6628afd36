// Tests the TextMate grammar of `.ward` files (editors/vscode/syntaxes)
// with vscode-tmgrammar-test, the runner built on vscode-textmate (the
// tokenizer inside VS Code), on the annotated samples in
// editors/vscode/test/syntax/. Every scope the grammar can give must be
// asserted somewhere in the samples, so no token kind goes untested.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { check, finish, here } from "./common.mjs";

const ext = path.join(here, "..", "..", "editors", "vscode");
const grammarFile = path.join(ext, "syntaxes", "ward.tmLanguage.json");
const samples = path.join(ext, "test", "syntax");
const runner = path.join(here, "node_modules", "vscode-tmgrammar-test", "dist", "unit.js");

const files = readdirSync(samples).filter((f) => f.endsWith(".test.ward")).sort();
check(files.length >= 4, "the grammar has annotated samples", files.join(", "));
const r = spawnSync(process.execPath, [runner, "--compact", "--grammar", grammarFile,
  ...files.map((f) => path.join(samples, f))], { encoding: "utf8", timeout: 300_000 });
check(r.status === 0, "vscode-tmgrammar-test passes on every sample", `${r.stdout}${r.stderr}${r.error || ""}`);
for (const f of files) {
  check(new RegExp(`${f.replace(".", "\\.")} run successfuly`).test(r.stdout), `${f} ran`, r.stdout);
}

// Every scope the grammar names, each asserted in some sample.
const grammar = JSON.parse(readFileSync(grammarFile, "utf8"));
const scopes = new Set();
(function collect(v) {
  if (Array.isArray(v)) v.forEach(collect);
  else if (v && typeof v === "object") {
    for (const [k, x] of Object.entries(v)) {
      if (k === "name" && typeof x === "string" && x !== "ward") x.split(/\s+/).forEach((s) => scopes.add(s));
      else collect(x);
    }
  }
})(grammar.repository);
const asserted = new Set();
for (const f of files) {
  for (const line of readFileSync(path.join(samples, f), "utf8").split("\n")) {
    const m = /^#\s*(?:\^+|<-+)\s+(.*)$/.exec(line);
    if (!m) continue;
    // Only positive assertions count (`- scope` asserts an absence).
    for (const s of m[1].split(" - ")[0].trim().split(/\s+/)) asserted.add(s);
  }
}
check(scopes.size >= 30, "the grammar names its token kinds", [...scopes].join(", "));
for (const s of [...scopes].sort()) {
  check(asserted.has(s), `a sample asserts ${s}`);
}

finish("grammar");
