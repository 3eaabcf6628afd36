// A real LSP client driving `ward lsp` headless: the protocol libraries
// VS Code's language client is built on (vscode-languageserver-protocol,
// vscode-jsonrpc), speaking to the real binary over stdio.
//
// It runs the acceptance list of the language-server issue and prints each
// check; any failure exits non-zero. WARD_BIN names the binary.

import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, writeFileSync, realpathSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import assert from "node:assert/strict";
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  InitializeRequest,
  InitializedNotification,
  DidOpenTextDocumentNotification,
  DidChangeTextDocumentNotification,
  PublishDiagnosticsNotification,
  CompletionRequest,
  HoverRequest,
  DefinitionRequest,
  DocumentFormattingRequest,
  CodeActionRequest,
  ShutdownRequest,
  ExitNotification,
} from "vscode-languageserver-protocol/node.js";

const ward = process.env.WARD_BIN;
if (!ward) {
  console.error("set WARD_BIN to the ward binary");
  process.exit(2);
}

const BASE = `policy base {
  session.idle_timeout <= 12h because "Acme standard 4.2"
  session.idle_timeout = 4h
}
`;

// A project: a git work tree of its own.
const dir = realpathSync(mkdtempSync(join(tmpdir(), "ward-lsp-client-")));
mkdirSync(join(dir, ".git"));
const files = {
  "base.ward": BASE,
  "team.ward": `policy team {\n  extends "./base.ward"\n  session {\n    idle_timout = 8h\n  }\n}\n`,
  "t.ward.toml": `policy = "t"\n\n[session]\nidle_timout = "8h"\n`,
  "j.ward.json": `{\n  "policy": "j",\n  "session": {\n    "idle_timout": "8h"\n  }\n}\n`,
};
for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
const uri = (name) => pathToFileURL(join(dir, name)).href;

const child = spawn(ward, ["lsp"], { cwd: dir, stdio: ["pipe", "pipe", "inherit"] });
const conn = createProtocolConnection(
  new StreamMessageReader(child.stdout),
  new StreamMessageWriter(child.stdin),
);
const published = [];
const waiters = [];
conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
  published.push(p);
  for (const w of [...waiters]) w();
});
conn.listen();

/** Diagnostics published for `u` at its current version: those after the
 * `seen`-th one (a parent's change re-checks a child at the same version). */
function nextDiagnostics(u, seen) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no diagnostics for ${u}`)), 30000);
    const check = () => {
      const mine = published.filter((p) => p.uri === u && p.version === versions[u]);
      if (mine.length > seen) {
        clearTimeout(timer);
        waiters.splice(waiters.indexOf(check), 1);
        resolve(mine[mine.length - 1].diagnostics);
      }
    };
    waiters.push(check);
    check();
  });
}
const count = (u) => published.filter((p) => p.uri === u && p.version === versions[u]).length;

const versions = {};
async function open(name) {
  const u = uri(name);
  versions[u] = 1;
  const before = count(u);
  const languageId = name.endsWith(".ward") ? "ward" : name.endsWith(".toml") ? "toml" : "json";
  conn.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri: u, languageId, version: 1, text: files[name] },
  });
  return [u, await nextDiagnostics(u, before)];
}
function change(u, text) {
  versions[u] += 1;
  conn.sendNotification(DidChangeTextDocumentNotification.type, {
    textDocument: { uri: u, version: versions[u] },
    contentChanges: [{ text }],
  });
}

function checkJson(name) {
  let out;
  try {
    out = execFileSync(ward, ["check", "--format", "json", name], { cwd: dir });
  } catch (e) {
    out = e.stdout;
  }
  return JSON.parse(out.toString()).diagnostics;
}

let failed = 0;
async function step(name, fn) {
  try {
    await fn();
    console.log(`ok   ${name}`);
  } catch (e) {
    failed += 1;
    console.log(`FAIL ${name}\n     ${e.message.split("\n").join("\n     ")}`);
  }
}

const init = await conn.sendRequest(InitializeRequest.type, {
  processId: process.pid,
  rootUri: pathToFileURL(dir).href,
  workspaceFolders: [{ uri: pathToFileURL(dir).href, name: "project" }],
  capabilities: {
    textDocument: {
      completion: { completionItem: { snippetSupport: false } },
      hover: { contentFormat: ["markdown"] },
      publishDiagnostics: { relatedInformation: true },
    },
  },
});
conn.sendNotification(InitializedNotification.type, {});

await step("initialize: capabilities and UTF-16 positions", () => {
  const c = init.capabilities;
  assert.equal(c.positionEncoding, "utf-16");
  assert.ok(c.completionProvider && c.hoverProvider && c.definitionProvider);
  assert.ok(c.documentFormattingProvider && c.codeActionProvider && c.documentSymbolProvider);
  assert.equal(init.serverInfo.name, "ward");
});

const [team, teamDiags] = await open("team.ward");

await step("a typo gets the diagnostic `ward check` gives", () => {
  const want = checkJson("team.ward").map((d) => [d.code, d.message, d.line, d.column]);
  const have = teamDiags.map((d) => [d.code, d.message, d.range.start.line + 1, d.range.start.character + 1]);
  assert.deepEqual(have, want);
  assert.equal(have[0][0], "E0201");
});

await step("a quick fix replaces the typo", async () => {
  const actions = await conn.sendRequest(CodeActionRequest.type, {
    textDocument: { uri: team },
    range: teamDiags[0].range,
    context: { diagnostics: teamDiags },
  });
  assert.equal(actions.length, 1);
  const edit = actions[0].edit.changes[team][0];
  assert.equal(edit.newText, "idle_timeout");
  assert.deepEqual(edit.range, teamDiags[0].range);
  assert.equal(actions[0].kind, "quickfix");
});

async function labels(u, text, line, character) {
  change(u, text);
  const r = await conn.sendRequest(CompletionRequest.type, { textDocument: { uri: u }, position: { line, character } });
  return (Array.isArray(r) ? r : r.items).map((i) => i.label);
}

await step("completion: `idle_timeout` inside `session { }`", async () => {
  const l = await labels(team, "policy team {\n  session {\n    \n  }\n}\n", 2, 4);
  assert.ok(l.includes("idle_timeout"), l.join(", "));
});
await step("completion: settings after `password.`", async () => {
  const l = await labels(team, "policy team {\n  password.\n}\n", 1, 11);
  assert.ok(l.includes("min_length") && !l.includes("idle_timeout"), l.join(", "));
});
await step("completion: `pci-dss-4.0` after `extends \"std:`", async () => {
  const l = await labels(team, "policy team {\n  extends \"std:\n}\n", 1, 15);
  assert.ok(l.includes("std:pci-dss-4.0"), l.join(", "));
});
await step("completion: target names after `targets `", async () => {
  const l = await labels(team, "policy team {\n  targets \n}\n", 1, 10);
  assert.ok(l.includes("miro") && l.includes("keycloak"), l.join(", "));
});

const child2 = `policy team {\n  extends "./base.ward"\n  session.idle_timeout = 8h\n}\n`;
await step("hover: the description and a parent's `because`", async () => {
  change(team, child2);
  assert.deepEqual(await nextDiagnostics(team, 0), []);
  const h = await conn.sendRequest(HoverRequest.type, { textDocument: { uri: team }, position: { line: 2, character: 10 } });
  const text = h.contents.value;
  assert.ok(text.includes("End a session after this long without user activity."), text);
  assert.ok(text.includes('because "Acme standard 4.2"'), text);
});

await step("definition of an `extends` path", async () => {
  const d = await conn.sendRequest(DefinitionRequest.type, { textDocument: { uri: team }, position: { line: 1, character: 14 } });
  assert.equal(d[0].uri, uri("base.ward"));
});

await step("formatting edits", async () => {
  change(team, "policy team {\n  session.idle_timeout   =    8h\n}\n");
  const edits = await conn.sendRequest(DocumentFormattingRequest.type, {
    textDocument: { uri: team },
    options: { tabSize: 2, insertSpaces: true },
  });
  assert.equal(edits.length, 1);
  assert.equal(edits[0].newText, "  session.idle_timeout = 8h\n");
});

await step("editing an open parent (unsaved) changes an open child's diagnostics", async () => {
  change(team, child2);
  assert.deepEqual(await nextDiagnostics(team, 0), []);
  let before = count(team);
  const [base] = await open("base.ward");
  // Opening the parent checks the child again, with the same result.
  assert.deepEqual(await nextDiagnostics(team, before), []);
  before = count(team);
  change(base, BASE.replace("<= 12h", "<= 6h"));
  const d = await nextDiagnostics(team, before);
  assert.equal(d.length, 1, JSON.stringify(d));
  assert.equal(d[0].code, "E0301");
  assert.equal(d[0].range.start.line, 2);
});

for (const name of ["t.ward.toml", "j.ward.json"]) {
  await step(`${name}: diagnostics at the right line, and a quick fix`, async () => {
    const [u, d] = await open(name);
    const want = checkJson(name).map((x) => [x.code, x.line, x.column]);
    assert.deepEqual(d.map((x) => [x.code, x.range.start.line + 1, x.range.start.character + 1]), want);
    assert.equal(d[0].range.start.line, 3);
    const actions = await conn.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: u },
      range: d[0].range,
      context: { diagnostics: d },
    });
    const fix = actions[0].edit.changes[u][0].newText;
    assert.equal(fix, name.endsWith(".json") ? '"idle_timeout"' : "idle_timeout");
  });
}

await conn.sendRequest(ShutdownRequest.type);
conn.sendNotification(ExitNotification.type);
const code = await new Promise((resolve) => child.on("exit", resolve));
await step("shutdown and exit: status 0", () => assert.equal(code, 0));
conn.dispose();
console.log(`${failed === 0 ? "all passed" : `${failed} failed`}`);
process.exit(failed === 0 ? 0 : 1);
