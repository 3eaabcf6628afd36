// A minimal Language Server Protocol client for servers that run in this
// process (taplo's LSP engine from `@taplo/lsp`, a WebAssembly build of the
// server inside Even Better TOML): requests with ids and timeouts, answers
// to the server's own requests, and the diagnostics it publishes. The
// timeouts are generous: they assert that an answer comes on a machine that
// may be busy, never how fast.

export class Client {
  constructor({ configuration }) {
    this.configuration = configuration;
    this.nextId = 0;
    this.pending = new Map();
    this.diagnostics = new Map();
    this.waiters = [];
    this.server = null;
  }

  // Attaches the server's `send` (a function taking one message).
  attach(send) {
    this.server = send;
  }

  // Called with every message the server sends.
  receive(message) {
    if (message.method && message.id !== undefined) {
      // A request from the server: configuration is all this client knows.
      const result = message.method === "workspace/configuration"
        ? message.params.items.map(() => this.configuration)
        : null;
      this.server({ jsonrpc: "2.0", id: message.id, result });
    } else if (message.id !== undefined) {
      const waiting = this.pending.get(message.id);
      if (waiting) {
        this.pending.delete(message.id);
        waiting(message);
      }
    } else if (message.method === "textDocument/publishDiagnostics") {
      this.diagnostics.set(message.params.uri, message.params.diagnostics);
      for (const w of this.waiters.splice(0)) w();
    }
  }

  request(method, params, timeoutMs = 120_000) {
    this.nextId += 1;
    const id = this.nextId;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`no answer to ${method} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, (m) => {
        clearTimeout(timer);
        if (m.error) reject(new Error(`${method} failed: ${JSON.stringify(m.error)}`));
        else resolve(m.result);
      });
      this.server({ jsonrpc: "2.0", id, method, params });
    });
  }

  notify(method, params) {
    this.server({ jsonrpc: "2.0", method, params });
  }

  // Waits until `test(diagnostics of uri)` holds, or the timeout passes;
  // returns the last diagnostics seen.
  async diagnosticsFor(uri, test, timeoutMs = 60_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const now = this.diagnostics.get(uri);
      if (now && test(now)) return now;
      const left = deadline - Date.now();
      if (left <= 0) return now || [];
      await new Promise((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}

// The text with its `|` removed, and the position of the `|`.
export function cursor(textWithCursor) {
  const offset = textWithCursor.indexOf("|");
  if (offset < 0) throw new Error(`no cursor in ${JSON.stringify(textWithCursor)}`);
  const before = textWithCursor.slice(0, offset).split("\n");
  return {
    text: textWithCursor.slice(0, offset) + textWithCursor.slice(offset + 1),
    position: { line: before.length - 1, character: before[before.length - 1].length },
  };
}
