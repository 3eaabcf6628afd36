// Checks the VS Code extension's manifest (editors/vscode/package.json)
// the way VS Code reads it, since no published schema of the manifest can
// be installed here: the fields VS Code requires, every path a
// contribution names exists and parses, the grammar's scope is the one the
// manifest declares, `jsonValidation` maps `*.ward.json` to the policy
// schema, the engine range admits vscode-languageclient's, and the
// extension starts `ward lsp`: `server.js` is run with settings as VS Code
// would give them, and the command it builds, run with the `ward` named on
// the command line, answers `initialize`. (`vsce package` validates the
// manifest too, in package.mjs; VS Code itself cannot be downloaded here.)
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { check, finish, here, schemaDir } from "./common.mjs";

const ext = path.join(here, "..", "..", "editors", "vscode");
const require = createRequire(path.join(ext, "package.json"));
const read = (p) => readFileSync(path.join(ext, p), "utf8");
const manifest = JSON.parse(read("package.json"));

// Required by VS Code and the marketplace.
for (const key of ["name", "publisher", "version", "engines", "main", "displayName", "description", "license"]) {
  check(manifest[key] !== undefined, `package.json has ${key}`);
}
check(/^[a-z0-9][a-z0-9-]*$/.test(manifest.name), "the name is lowercase without spaces", manifest.name);
check(/^\d+\.\d+\.\d+$/.test(manifest.version), "the version is semver", manifest.version);
check(/^\^\d+\.\d+\.\d+$/.test(manifest.engines.vscode), "engines.vscode is a caret range", manifest.engines.vscode);
check(existsSync(path.join(ext, manifest.main)), `main ${manifest.main} exists`);

// vscode-languageclient's own engine requirement is within ours.
const lc = JSON.parse(read("node_modules/vscode-languageclient/package.json"));
const version = (r) => r.replace(/^\^/, "").split(".").map(Number);
const [ours, theirs] = [version(manifest.engines.vscode), version(lc.engines.vscode)];
check(ours[0] > theirs[0] || (ours[0] === theirs[0] && (ours[1] > theirs[1] || (ours[1] === theirs[1] && ours[2] >= theirs[2]))),
  `engines.vscode ${manifest.engines.vscode} admits vscode-languageclient ${lc.version} (${lc.engines.vscode})`);
check(manifest.dependencies["vscode-languageclient"] === lc.version, "the installed vscode-languageclient is the pinned one");

// Contributions.
const c = manifest.contributes;
const lang = c.languages.find((l) => l.id === "ward");
check(lang && lang.extensions.includes(".ward"), "the ward language is .ward files");
const config = JSON.parse(read(lang.configuration));
check(config.comments.lineComment === "#", "comment toggling uses #");
for (const pair of [["{", "}"], ["[", "]"]]) {
  check(config.brackets.some((b) => b[0] === pair[0] && b[1] === pair[1]), `brackets ${pair.join("")}`);
  check(config.autoClosingPairs.some((p) => p.open === pair[0] && p.close === pair[1]), `auto-closing ${pair.join("")}`);
}
check(config.autoClosingPairs.some((p) => p.open === '"'), "auto-closing quotes");
const increase = new RegExp(config.indentationRules.increaseIndentPattern);
const decrease = new RegExp(config.indentationRules.decreaseIndentPattern);
check(increase.test("  session {") && increase.test("policy acme {  # c"), "a line ending in { indents the next");
check(!increase.test("  lockout { threshold = 5 }"), "a block closed on its line does not indent");
check(decrease.test("  }") && !decrease.test("  idle_timeout = 8h"), "a line starting with } dedents");

const grammar = c.grammars.find((g) => g.language === "ward");
const tm = JSON.parse(read(grammar.path));
check(tm.scopeName === grammar.scopeName && grammar.scopeName === "source.ward", "the grammar's scope is source.ward");

const jv = c.jsonValidation.find((j) => [].concat(j.fileMatch).includes("*.ward.json"));
check(jv !== undefined, "jsonValidation maps *.ward.json");
if (jv) {
  const bundled = read(jv.url);
  const committed = readFileSync(path.join(schemaDir, "policy.schema.json"), "utf8");
  check(bundled === committed, "the bundled schema is the committed policy.schema.json (regenerate: ward schema policy --out-dir editors/vscode/schemas)");
}

const props = c.configuration.properties;
check(props["ward.server.path"] && props["ward.server.path"].default === "ward", "ward.server.path defaults to ward");
check(c.commands.some((x) => x.command === "ward.restartServer"), "a restart command is contributed");
const source = read(manifest.main);
check(source.includes("ward.restartServer") && source.includes('"ward"'), "extension.js registers the command and the client id");

// The server: `ward lsp`, as configured.
const { serverCommand, serverOptions, SUBCOMMAND, DOCUMENT_SELECTOR } = require("./src/server.js");
const settings = (values) => ({ get: (k) => values[k] });
const plain = serverCommand(settings({}), "/work");
check(plain.command === "ward" && plain.args.join(" ") === "lsp" && SUBCOMMAND === "lsp",
  "by default the server is `ward lsp` from PATH", JSON.stringify(plain));
const custom = serverCommand(settings({ "server.path": "/opt/ward/bin/ward", "server.extraArgs": ["--target-file", "x.toml"] }), "/work");
check(custom.command === "/opt/ward/bin/ward" && custom.args.join(" ") === "lsp --target-file x.toml",
  "ward.server.path and extraArgs are used", JSON.stringify(custom));
const relative = serverCommand(settings({ "server.path": "./target/debug/ward" }), "/work/ward");
check(relative.command === path.join("/work/ward", "target/debug/ward"), "a relative path is relative to the workspace",
  JSON.stringify(relative));
const blank = serverCommand(settings({ "server.path": "  " }), undefined);
check(blank.command === "ward", "a blank path falls back to ward");
// What the client is given: with `transport: stdio` vscode-languageclient
// would append `--stdio`, which `ward lsp` does not take.
const options = serverOptions(settings({}), "/work");
check(JSON.stringify(options) === JSON.stringify({ run: { command: "ward", args: ["lsp"] }, debug: { command: "ward", args: ["lsp"] } }),
  "the client starts exactly `ward lsp`, over stdio without --stdio", JSON.stringify(options));
for (const pattern of ["**/*.ward.toml", "**/*.ward.json"]) {
  check(DOCUMENT_SELECTOR.some((d) => d.pattern === pattern), `the server also gets ${pattern}`);
}
check(DOCUMENT_SELECTOR.some((d) => d.language === "ward"), "the server gets .ward files");

// The server the extension starts, started the same way: the command and
// arguments from server.js (with `ward.server.path` naming the ward built
// for this test run), spoken to with vscode-jsonrpc (the protocol library
// under vscode-languageclient) over the process's standard streams.
const ward = process.argv[2];
if (!ward) {
  check(false, "usage: node extension.mjs PATH/TO/ward");
} else {
  const { spawn } = await import("node:child_process");
  const rpc = require("vscode-jsonrpc/node");
  const { run } = serverOptions(settings({ "server.path": ward }), undefined);
  const child = spawn(run.command, run.args, { stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => { stderr += d; });
  const connection = rpc.createMessageConnection(
    new rpc.StreamMessageReader(child.stdout),
    new rpc.StreamMessageWriter(child.stdin),
  );
  connection.listen();
  const timeout = (ms) => new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms));
  try {
    const init = await Promise.race([
      connection.sendRequest("initialize", { processId: process.pid, rootUri: null, capabilities: {} }),
      timeout(120_000),
    ]);
    const caps = (init && init.capabilities) || {};
    check(caps.completionProvider !== undefined && caps.hoverProvider !== undefined,
      "`ward lsp`, started as the extension starts it, answers initialize with completion and hover",
      JSON.stringify(init));
    connection.sendNotification("initialized", {});
    await Promise.race([connection.sendRequest("shutdown"), timeout(60_000)]);
    connection.sendNotification("exit");
    const code = await Promise.race([new Promise((r) => child.on("exit", r)), timeout(60_000)]);
    check(code === 0, "the server exits 0 after shutdown and exit", `exit ${code}; ${stderr}`);
  } catch (e) {
    check(false, "`ward lsp` speaks the protocol", `${e}; stderr: ${stderr}`);
    child.kill();
  }
  connection.dispose();
}

finish("extension");
