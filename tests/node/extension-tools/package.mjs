// Builds the VS Code extension (editors/vscode) as a user would install it
// and checks its code against VS Code's API, offline:
//
// 1. tsc type-checks the extension's JavaScript (`// @ts-check`) against
//    @types/vscode (the API of the engine version package.json names) and
//    vscode-languageclient's own types, so a misused API is an error even
//    though VS Code itself cannot be downloaded to run the extension;
// 2. `vsce package` (the marketplace's packaging tool, which validates the
//    manifest) writes a .vsix, which must hold the manifest, the grammar,
//    the language configuration, the schema and vscode-languageclient.
//
// The extension's own dependencies must be installed (`npm ci` in
// editors/vscode); the test does that first.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { check, finish } from "../common.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const ext = path.join(here, "..", "..", "..", "editors", "vscode");
const bin = (name) => path.join(here, "node_modules", name);
const run = (args, cwd) => spawnSync(process.execPath, args, { cwd, encoding: "utf8", timeout: 300_000 });

// 1. Types.
const manifest = JSON.parse(readFileSync(path.join(ext, "package.json"), "utf8"));
const typesVersion = JSON.parse(readFileSync(bin("@types/vscode/package.json"), "utf8")).version;
check(manifest.engines.vscode === `^${typesVersion}`, `@types/vscode ${typesVersion} is the API of engines.vscode`,
  manifest.engines.vscode);
const tsc = run([bin("typescript/bin/tsc"), "--noEmit", "--allowJs", "--checkJs", "--strict",
  "--module", "node16", "--moduleResolution", "node16", "--target", "es2022",
  "--typeRoots", bin("@types"), "--types", "vscode,node",
  path.join(ext, "src", "extension.js"), path.join(ext, "src", "server.js")], ext);
check(tsc.status === 0, "the extension type-checks against VS Code's API", `${tsc.stdout}${tsc.stderr}`);

// 2. The package.
const out = path.join(mkdtempSync(path.join(tmpdir(), "ward-vsix-")), "ward.vsix");
const vsce = run([bin("@vscode/vsce/vsce"), "package", "--allow-missing-repository", "--out", out], ext);
check(vsce.status === 0, "vsce package succeeds offline", `${vsce.stdout}${vsce.stderr}`);
let size = 0;
try {
  size = statSync(out).size;
} catch {
  // reported below
}
check(size > 10_000, "a .vsix is written", `size ${size}`);
if (size > 0) {
  const entries = await zipEntries(out);
  for (const f of ["extension/package.json", "extension/syntaxes/ward.tmLanguage.json",
    "extension/language-configuration.json", "extension/schemas/policy.schema.json",
    "extension/src/extension.js", "extension/src/server.js",
    "extension/node_modules/vscode-languageclient/package.json", "extension.vsixmanifest"]) {
    check(entries.includes(f), `the .vsix holds ${f}`);
  }
  check(!entries.some((e) => e.includes("test/syntax")), "the .vsix leaves the grammar samples out");
}

finish("package");

// The names in a zip file, read with yauzl (what vsce itself uses).
async function zipEntries(file) {
  const { default: yauzl } = await import(pathToFileURL(bin("yauzl/index.js")).href);
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      const names = [];
      zip.on("entry", (e) => {
        names.push(e.fileName);
        zip.readEntry();
      });
      zip.on("end", () => resolve(names));
      zip.on("error", reject);
      zip.readEntry();
    });
  });
}
