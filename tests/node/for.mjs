// Per-target values (`for.TARGET.SECTION`, section 10 of the language) in
// the engines editors run: VS Code's JSON service and taplo's language
// server complete target names under `for` and each section's settings
// under `for.TARGET.SECTION`, and flag an unknown target. The schema is the
// file named on the command line: the generator's output with `for`
// enabled (the committed schema gains `for` when the compiler reads it).
import { readFileSync } from "node:fs";
import { getLanguageService } from "vscode-json-languageservice";
import { TextDocument } from "vscode-languageserver-textdocument";
import { check, failed, finish } from "./common.mjs";
import { docOf, label, startTaplo } from "./taplo-server.mjs";
import { cursor } from "./lsp-client.mjs";

const schemaFile = process.argv[2];
if (!schemaFile) throw new Error("usage: node for.mjs SCHEMA.json");
const schema = JSON.parse(readFileSync(schemaFile, "utf8"));

// VS Code's JSON service.
const service = getLanguageService({
  schemaRequestService: (uri) => Promise.reject(new Error(`unexpected schema request ${uri}`)),
});
service.configure({ validate: true, schemas: [{ uri: schema.$id, fileMatch: ["*.ward.json"], schema }] });
let n = 0;
function doc(textWithCursor) {
  const { text, position } = cursor(textWithCursor.includes("|") ? textWithCursor : `${textWithCursor}|`);
  n += 1;
  const d = TextDocument.create(`file:///work/p${n}.ward.json`, "json", 1, text);
  return { d, json: service.parseJSONDocument(d), position };
}
async function complete(text) {
  const { d, json, position } = doc(text);
  const list = await service.doComplete(d, position, json);
  return (list ? list.items : []).map(label);
}
async function problems(text) {
  const { d, json } = doc(text);
  return (await service.doValidation(d, json)).map((p) => p.message);
}

const names = await complete('{"policy": "p", "for": {|}}');
for (const t of ["miro", "keycloak", "arcgis"]) {
  check(names.includes(t), `for completes ${t}`, names.join(", "));
}
const inside = await complete('{"policy": "p", "for": {"miro": {"session": {|}}}}');
check(inside.includes("idle_timeout") && inside.includes("max_concurrent"),
  "for.miro.session completes its settings", inside.join(", "));
const sectionsUnder = await complete('{"policy": "p", "for": {"miro": {|}}}');
check(sectionsUnder.includes("session") && !sectionsUnder.includes("bounds") && !sectionsUnder.includes("extends"),
  "for.miro completes sections only", sectionsUnder.join(", "));
{
  const { d, json } = doc('{"policy": "p", "for": {"miro": {"session": {"idle_timeout": "1h"}}}}');
  const h = await service.doHover(d, d.positionAt(d.getText().indexOf("idle_timeout") + 3), json);
  const text = JSON.stringify(h && h.contents);
  check(text.includes("End a session after this long"), "hover inside for shows the setting's description", text);
}
const unknown = await problems('{"policy": "p", "for": {"mirro": {}}}');
check(unknown.some((m) => /mirro/.test(m)), 'for "mirro" is flagged', JSON.stringify(unknown));
const clean = await problems('{"policy": "p", "targets": ["miro"], "for": {"miro": {"session": {"idle_timeout": "1h"}}}}');
check(clean.length === 0, "a valid for table has no problems", JSON.stringify(clean));
const badValue = await problems('{"policy": "p", "for": {"miro": {"session": {"idle_timeout": "1 hrs"}}}}');
check(badValue.length > 0, "a bad value inside for is flagged", JSON.stringify(badValue));

// taplo's language server, on the same schema.
const taplo = await startTaplo(schemaFile);
const settings = (await taplo.complete('policy = "p"\n\n[for.miro.session]\n|\n'));
const settingNames = settings.map(label);
check(settingNames.includes("idle_timeout") && settingNames.filter((s) => s === "idle_timeout").length === 1,
  "taplo completes idle_timeout once inside [for.miro.session]", settingNames.join(", "));
check(settings.every((i) => docOf(i).length > 0), "taplo documents each setting inside for", settingNames.join(", "));
const headers = (await taplo.complete('policy = "p"\n\n[for.|]\n')).map(label);
check(headers.some((h) => h.startsWith("for.miro")), "taplo completes for.miro in a table header", headers.join(", "));
{
  const { uri } = taplo.open('policy = "p"\n\n[for.mirro.session]\nidle_timeout = "1h"\n|');
  const diags = await taplo.client.diagnosticsFor(uri, (d) => d.length > 0);
  check(diags.some((d) => /mirro/.test(d.message)), "taplo flags for.mirro", JSON.stringify(diags.map((d) => d.message)));
}
taplo.dispose();
if (failed()) console.error(`taplo's log:\n${taplo.log.join("")}`);
finish("for");
