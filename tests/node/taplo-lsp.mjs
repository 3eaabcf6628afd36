// Drives taplo's language server (`@taplo/lsp`: the server of Even Better
// TOML, built to WebAssembly) as an editor does: `initialize`, the
// `evenBetterToml` configuration mapping `*.ward.toml` to
// policy.schema.json, `didOpen` of `.ward.toml` buffers, then
// `completion` and `hover` at cursor positions and the diagnostics it
// publishes. Inside every section it must complete that section's
// settings, once each and with their descriptions, and it must not crash
// (a crash ends this script with the engine's error). Offline: `fetch`
// refuses every request, so the schema can only come from the file.
import { readFileSync } from "node:fs";
import path from "node:path";
import { check, failed, finish, loadSchema, schemaDir } from "./common.mjs";
import { docOf, label, startTaplo } from "./taplo-server.mjs";

const resolved = loadSchema("resolved.schema.json");
const policy = loadSchema("policy.schema.json");
const taplo = await startTaplo(path.join(schemaDir, "policy.schema.json"));
const { client, complete, open } = taplo;

// Inside every section (and one integration), each setting of it, once,
// documented with its catalog description.
// `for` holds per-target values, not settings: it is no section.
const sections = Object.keys(resolved.properties).filter((k) => k !== "policy" && k !== "for");
const settingsOf = (section) => {
  const s = resolved.properties[section];
  const object = s.additionalProperties && s.additionalProperties.$ref
    ? resolved.$defs.integration
    : s;
  return Object.entries(object.properties);
};
for (const section of sections) {
  const header = section === "integrations" ? "[integrations.outlook_calendar]" : `[${section}]`;
  const items = await complete(`policy = "acme"\n\n${header}\n|\n`);
  const labels = items.map(label);
  for (const [name, schema] of settingsOf(section)) {
    const found = items.filter((i) => label(i) === name);
    check(found.length === 1, `${header} completes ${name} once`, `offered: ${labels.join(", ")}`);
    const catalogLine = schema.description.split(" Value:")[0];
    if (found.length > 0) {
      check(docOf(found[0]).includes(catalogLine), `${header} ${name} is documented`,
        `expected "${catalogLine}", got ${JSON.stringify(docOf(found[0]))}`);
    }
  }
  check(labels.length === settingsOf(section).length, `${header} offers only its settings`, labels.join(", "));
}

// The two the issue names, spelled out.
const session = (await complete('policy = "acme"\n\n[session]\nidle_timeout = "8h"\n|\n')).map(label);
check(session.includes("absolute_lifetime"), "[session] completes after a setting", session.join(", "));
const password = (await complete('policy = "acme"\n\n[password]\nmin_|\n')).map(label);
check(password.includes("min_length") && password.includes("min_age"),
  "[password] completes min_length and min_age from `min_`", password.join(", "));

// Inside [[bounds]]: its fields, each documented. taplo lists `setting`
// once per alternative (a catalog path, or an integration's path): the
// price of completing the paths as values below.
const boundItems = await complete('policy = "acme"\n\n[[bounds]]\n|\n');
const bounds = boundItems.map(label);
const boundKeys = Object.keys(policy.$defs.bound.properties);
check(boundKeys.every((k) => bounds.includes(k)) && bounds.every((b) => boundKeys.includes(b)),
  "[[bounds]] completes its fields and no others", bounds.join(", "));
check(bounds.filter((b) => b !== "setting").length === boundKeys.length - 1, "[[bounds]] lists min, max, eq once",
  bounds.join(", "));
check(boundItems.every((i) => docOf(i).length > 0), "[[bounds]] fields are documented",
  JSON.stringify(boundItems.map((i) => [label(i), docOf(i)])));
const paths = (await complete('policy = "acme"\n\n[[bounds]]\nsetting = |\n')).map(label);
check(paths.includes("session.idle_timeout") && paths.includes("password.min_length"),
  "[[bounds]] setting completes setting paths", paths.slice(0, 8).join(", "));

// Top level and table headers: the sections.
const top = (await complete('policy = "acme"\n|\n')).map(label);
for (const key of ["extends", "targets", "bounds", ...sections]) {
  check(top.includes(key), `top level completes ${key}`, top.join(", "));
}
const headers = (await complete('policy = "acme"\n\n[|]\n')).map(label);
check(headers.includes("session") && headers.includes("password"), "a table header completes sections",
  headers.join(", "));

// Values: enum values and target names.
const blocklist = (await complete('policy = "acme"\n\n[password]\nblocklist = |\n')).map(label);
check(["none", "common", "breached"].every((v) => blocklist.includes(v)), "blocklist completes its values",
  blocklist.join(", "));
const targetNames = (await complete('policy = "acme"\ntargets = [|]\n')).map(label);
check(targetNames.includes("miro") && targetNames.includes("keycloak"), "targets completes target names",
  targetNames.join(", "));

// Hover on a setting shows its own description.
{
  const text = await taplo.hover('policy = "acme"\n\n[password]\nmin_a|ge = "1d"\n');
  check(text.includes("Earliest time after a change"), "hover on password.min_age shows its description", text);
}

// Diagnostics: problems are published, a clean buffer gets none. The
// clean one is the valid sample at its own path, so its `#:schema` line
// (relative to the file) is what finds the schema.
{
  const sample = new URL("./samples/valid.ward.toml", import.meta.url);
  open(`${readFileSync(sample, "utf8")}|`, sample.href);
  const { uri } = open('policy = "acme"\ntargets = ["mirro"]\n\n[session]\nidle_timeout = "8 hrs"\n\n[password]\nmin_length = 5000\n|');
  const diags = await client.diagnosticsFor(uri, (d) => d.length >= 3);
  const messages = diags.map((d) => d.message).join("\n");
  check(/mirro/.test(messages), "taplo flags the unknown target `mirro`", messages);
  check(/8 hrs/.test(messages), "taplo flags the unknown unit", messages);
  check(/5000/.test(messages), "taplo flags min_length 5000", messages);
  const none = await client.diagnosticsFor(sample.href, () => true);
  check(none.length === 0, "the valid sample has no diagnostics", JSON.stringify(none.map((d) => d.message)));
}

taplo.dispose();
if (failed()) console.error(`taplo's log:\n${taplo.log.join("")}`);
finish("taplo-lsp");
