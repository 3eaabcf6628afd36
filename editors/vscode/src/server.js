// @ts-check
// How the extension starts the language server, from the `ward.server.*`
// settings: the executable (`ward` on PATH unless `ward.server.path` names
// one), its arguments (`lsp`, then `ward.server.extraArgs`) and its
// environment. No `vscode` import, so it is tested under plain Node.js.
"use strict";

const path = require("node:path");

/** The language server's subcommand: `ward lsp`. */
const SUBCOMMAND = "lsp";

/**
 * The documents the server is started for: `.ward` files, and policies in
 * the TOML and JSON authoring forms.
 * @type {{ scheme: string, language?: string, pattern?: string }[]}
 */
const DOCUMENT_SELECTOR = [
  { scheme: "file", language: "ward" },
  { scheme: "untitled", language: "ward" },
  { scheme: "file", pattern: "**/*.ward.toml" },
  { scheme: "file", pattern: "**/*.ward.json" },
];

/**
 * The command that starts the server.
 * @param {{ get(key: string): unknown }} settings the `ward` configuration section
 * @param {string | undefined} workspaceFolder the first workspace folder's path
 * @returns {{ command: string, args: string[] }}
 */
function serverCommand(settings, workspaceFolder) {
  const configured = settings.get("server.path");
  let command = typeof configured === "string" && configured.trim() !== "" ? configured.trim() : "ward";
  // A relative path with a directory in it is relative to the workspace,
  // as in `"ward.server.path": "./target/debug/ward"`; a bare name is
  // looked up on PATH.
  if (workspaceFolder && !path.isAbsolute(command) && /[\\/]/.test(command)) {
    command = path.join(workspaceFolder, command);
  }
  const extra = settings.get("server.extraArgs");
  const args = [SUBCOMMAND];
  if (Array.isArray(extra)) {
    for (const a of extra) if (typeof a === "string") args.push(a);
  }
  return { command, args };
}

/**
 * vscode-languageclient's server options: the command, spoken to over
 * standard input and output. No `transport` is set on purpose: with
 * `TransportKind.stdio` the client appends `--stdio` to the arguments,
 * which `ward lsp` does not take; without one it uses stdio as is.
 * @param {{ get(key: string): unknown }} settings
 * @param {string | undefined} workspaceFolder
 */
function serverOptions(settings, workspaceFolder) {
  const { command, args } = serverCommand(settings, workspaceFolder);
  return { run: { command, args }, debug: { command, args } };
}

module.exports = { DOCUMENT_SELECTOR, SUBCOMMAND, serverCommand, serverOptions };
