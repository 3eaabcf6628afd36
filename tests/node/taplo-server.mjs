// taplo's language server (`@taplo/lsp`: the server of Even Better TOML,
// built to WebAssembly) started in this process with the configuration
// Even Better TOML sends (`evenBetterToml.schema.associations` mapping
// `*.ward.toml` to a schema), and driven through `Client`. Offline:
// `fetch` refuses every request, so a schema can only come from a file.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import taplo from "@taplo/lsp";
import { Client, cursor } from "./lsp-client.mjs";

const { TaploLsp } = taplo;

export async function startTaplo(schemaFile) {
  const schemaUrl = pathToFileURL(schemaFile).href;
  // taplo logs to standard error; keep it, to show on failure.
  const log = [];
  const sink = (bytes) => {
    log.push(Buffer.from(bytes).toString("utf8"));
    return Promise.resolve(bytes.length);
  };
  globalThis.fetch = async (request) => {
    throw new Error(`offline: taplo tried to fetch ${request && request.url}`);
  };

  const workspace = mkdtempSync(path.join(tmpdir(), "ward-taplo-"));
  const root = pathToFileURL(workspace).href;
  const configuration = {
    schema: { enabled: true, catalogs: [], associations: { "\\.ward\\.toml$": schemaUrl } },
  };
  const client = new Client({ configuration });
  const lsp = await TaploLsp.initialize(
    {
      now: () => new Date(),
      envVar: (name) => (name === "RUST_LOG" ? "warn" : undefined),
      envVars: () => [],
      stdErrAtty: () => false,
      stdin: async () => new Uint8Array(),
      stdout: sink,
      stderr: sink,
      glob: () => [],
      readFile: async (p) => readFileSync(p),
      writeFile: async () => {
        throw new Error("the test's workspace is read-only");
      },
      urlToFilePath: (u) => (u.startsWith("file:") ? fileURLToPath(u) : u),
      isAbsolute: (p) => path.isAbsolute(p),
      cwd: () => workspace,
      findConfigFile: () => undefined,
    },
    { onMessage: (m) => client.receive(m) },
  );
  client.attach((m) => lsp.send(m));

  await client.request("initialize", {
    processId: null,
    rootUri: root,
    workspaceFolders: [{ uri: root, name: "ward" }],
    capabilities: {
      workspace: { configuration: true },
      textDocument: { completion: { completionItem: { documentationFormat: ["markdown"] } } },
    },
    initializationOptions: { configurationSection: "evenBetterToml" },
  });
  client.notify("initialized", {});
  client.notify("workspace/didChangeConfiguration", { settings: { evenBetterToml: configuration } });

  let opened = 0;
  // Opens a `.ward.toml` buffer (its `|` is the cursor); the URI is
  // `file://TMP/NAME.ward.toml`, or `uri` when given.
  function open(textWithCursor, uri) {
    const { text, position } = cursor(textWithCursor);
    opened += 1;
    const docUri = uri || `${root}/policy${opened}.ward.toml`;
    client.notify("textDocument/didOpen", { textDocument: { uri: docUri, languageId: "toml", version: 1, text } });
    return { uri: docUri, position };
  }

  // Completion at the cursor, after the buffer's first diagnostics (as a
  // person types after the editor has opened the file: by then taplo has
  // read the configuration).
  async function complete(textWithCursor) {
    const { uri, position } = open(textWithCursor);
    await client.diagnosticsFor(uri, () => true);
    const result = await client.request("textDocument/completion", { textDocument: { uri }, position });
    return Array.isArray(result) ? result : (result && result.items) || [];
  }

  async function hover(textWithCursor) {
    const { uri, position } = open(textWithCursor);
    await client.diagnosticsFor(uri, () => true);
    const h = await client.request("textDocument/hover", { textDocument: { uri }, position });
    return JSON.stringify(h && h.contents);
  }

  return { client, open, complete, hover, log, dispose: () => lsp.dispose() };
}

export const label = (item) => item.label.replace(/^"|"$/g, "");
export const docOf = (item) => {
  const d = item.documentation;
  return typeof d === "string" ? d : (d && d.value) || "";
};
