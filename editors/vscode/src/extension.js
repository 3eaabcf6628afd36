// @ts-check
// The ward extension: starts `ward lsp` (section 12 of the language
// reference) for `.ward`, `.ward.toml` and `.ward.json` files through
// vscode-languageclient, restarts it when its settings change, and offers
// a command to restart it by hand. Highlighting, the language
// configuration and the JSON schema mapping are declared in package.json.
"use strict";

const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");
const { DOCUMENT_SELECTOR, serverOptions } = require("./server");

/** @type {LanguageClient | undefined} */
let client;

/** @param {vscode.ExtensionContext} context */
async function activate(context) {
  const output = vscode.window.createOutputChannel("ward", { log: true });
  context.subscriptions.push(output);
  context.subscriptions.push(
    vscode.commands.registerCommand("ward.restartServer", () => restart(output)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration("ward.server")) void restart(output);
    }),
  );
  await start(output);
}

/** @param {vscode.LogOutputChannel} output */
async function start(output) {
  const settings = vscode.workspace.getConfiguration("ward");
  const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
  const server = serverOptions(settings, folder && folder.uri.fsPath);
  const { command, args } = server.run;
  /** @type {import("vscode-languageclient/node").LanguageClientOptions} */
  const clientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel: output,
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher("**/{*.ward,*.ward.toml,*.ward.json,ward.toml}"),
    },
  };
  client = new LanguageClient("ward", "ward language server", server, clientOptions);
  try {
    await client.start();
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    void vscode.window.showErrorMessage(
      `ward: cannot start \`${command} ${args.join(" ")}\` (${message}). Install ward, or set "ward.server.path".`,
    );
  }
}

/** @param {vscode.LogOutputChannel} output */
async function restart(output) {
  await stop();
  await start(output);
}

async function stop() {
  const running = client;
  client = undefined;
  if (running) await running.stop();
}

function deactivate() {
  return stop();
}

module.exports = { activate, deactivate };
