// Drives vscode-json-languageservice (the JSON support inside VS Code) with
// policy.schema.json, the way an editor does: completions at cursor
// positions, hover documentation, and diagnostics for bad values.
import { getLanguageService } from "vscode-json-languageservice";
import { TextDocument } from "vscode-languageserver-textdocument";
import { check, finish, loadSchema } from "./common.mjs";

const policy = loadSchema("policy.schema.json");
const resolved = loadSchema("resolved.schema.json");
const service = getLanguageService({
  // Everything is given inline: a request for any other schema is a bug.
  schemaRequestService: (uri) => Promise.reject(new Error(`unexpected schema request ${uri}`)),
});
service.configure({
  validate: true,
  allowComments: false,
  schemas: [{ uri: policy.$id, fileMatch: ["*.ward.json"], schema: policy }],
});

let docs = 0;
function open(textWithCursor) {
  const offset = textWithCursor.indexOf("|");
  const text = textWithCursor.replace("|", "");
  docs += 1;
  const doc = TextDocument.create(`file:///work/acme${docs}.ward.json`, "json", 1, text);
  return { doc, json: service.parseJSONDocument(doc), position: doc.positionAt(Math.max(offset, 0)) };
}

async function complete(textWithCursor) {
  const { doc, json, position } = open(textWithCursor);
  const list = await service.doComplete(doc, position, json);
  return list ? list.items : [];
}

async function diagnostics(text) {
  const { doc, json } = open(text);
  return service.doValidation(doc, json);
}

const docText = (item) => {
  const d = item.documentation;
  return typeof d === "string" ? d : d && d.value ? d.value : "";
};
const labels = (items) => items.map((i) => i.label.replace(/^"|"$/g, ""));

// Inside a section: every setting of it, each documented with its catalog
// description.
const session = await complete('{"policy": "acme", "session": { | }}');
for (const [name, description] of [
  ["idle_timeout", "End a session after this long without user activity."],
  ["absolute_lifetime", "End a session this long after sign-in, active or not."],
  ["renewal_interval", "How often an open client renews its session token"],
  ["max_concurrent", "Sessions one user may hold at once."],
  ["on_limit", "What happens when a user reaches the session limit"],
]) {
  const item = session.find((i) => labels([i])[0] === name);
  check(item !== undefined, `session completes ${name}`, `offered: ${labels(session).join(", ")}`);
  if (item) check(docText(item).includes(description), `${name} is documented`, docText(item));
}
check(session.length === 5, "session offers exactly its settings", labels(session).join(", "));

// At the top level: every section (taken from the resolved schema, so the
// two schemas are checked against each other), and the authoring keys.
const top = labels(await complete('{ | }'));
const sections = Object.keys(resolved.properties).filter((k) => k !== "policy");
for (const name of [...sections, "policy", "extends", "targets", "allow", "bounds"]) {
  check(top.includes(name), `top level completes ${name}`, `offered: ${top.join(", ")}`);
}

// Enum values, keywords and duration examples.
const blocklist = labels(await complete('{"policy": "p", "password": {"blocklist": |}}'));
for (const v of ["none", "common", "breached"]) {
  check(blocklist.includes(v), `blocklist completes "${v}"`, `offered: ${blocklist.join(", ")}`);
}
const idle = labels(await complete('{"policy": "p", "session": {"idle_timeout": |}}'));
for (const v of ["unlimited", "15m", "8h"]) {
  check(idle.includes(v), `idle_timeout completes "${v}"`, `offered: ${idle.join(", ")}`);
}
const maxAge = labels(await complete('{"policy": "p", "password": {"max_age": |}}'));
check(maxAge.includes("never"), 'max_age completes "never"', `offered: ${maxAge.join(", ")}`);
const extendsItems = labels(await complete('{"policy": "p", "extends": [|]}'));
check(extendsItems.includes("std:pci-dss-4.0"), "extends completes std:pci-dss-4.0",
  `offered: ${extendsItems.join(", ")}`);
const severity = labels(await complete('{"policy": "p", "bounds": [{"setting": "password.min_length", "min": 12, "severity": |}]}'));
check(severity.includes("warn") && severity.includes("error"), "severity completes error and warn", severity.join(", "));

// Diagnostics.
async function expectProblem(text, pattern, what) {
  const diags = await diagnostics(text);
  const messages = diags.map((d) => d.message);
  check(messages.some((m) => pattern.test(m)), what, `got: ${JSON.stringify(messages)}`);
}
// Hover shows each setting's own catalog description, durations included
// (a description beside a `$ref` used to give way to the duration's own).
async function hover(textWithCursor) {
  const { doc, json, position } = open(textWithCursor);
  const h = await service.doHover(doc, position, json);
  return JSON.stringify(h && h.contents);
}
for (const [source, expected, what] of [
  ['{"policy": "p", "lockout": {"thr|eshold": 10}}', "Failed sign-ins that lock the account", "lockout.threshold"],
  ['{"policy": "p", "session": {"idle_ti|meout": "8h"}}', "End a session after this long without user activity", "session.idle_timeout"],
  ['{"policy": "p", "session": {"idle_timeout": "8|h"}}', "End a session after this long without user activity", "the value of session.idle_timeout"],
  ['{"policy": "p", "password": {"min_a|ge": "1d"}}', "Earliest time after a change", "password.min_age"],
  ['{"policy": "p", "token": {"life|time": "1h"}}', "Maximum lifetime of an access token", "token.lifetime"],
  ['{"policy": "p", "integrations": {"x": {"cache_t|tl": "5m"}}}', "How long results fetched through the integration are cached", "integrations.x.cache_ttl"],
]) {
  const text = await hover(source);
  check(text.includes(expected), `hover on ${what} shows its description`, text);
  check(!text.includes("one or more terms"), `hover on ${what} is not the generic duration text`, text);
}

// Target names: completed in `targets`, and a misspelt one is flagged.
const targetNames = labels(await complete('{"policy": "p", "targets": [|]}'));
for (const t of ["miro", "keycloak", "aws-iam"]) {
  check(targetNames.includes(t), `targets completes ${t}`, `offered: ${targetNames.join(", ")}`);
}
await expectProblem('{"policy": "p", "targets": ["mirro"]}', /mirro|not accepted|Valid values/i,
  'targets ["mirro"] is flagged');

// Inside a bound, `min`/`max`/`eq` take the named setting's values.
const eqValues = labels(await complete('{"policy": "p", "bounds": [{"setting": "password.blocklist", "eq": |}]}'));
check(eqValues.includes("breached") && eqValues.includes("common"), "a bound's eq completes the setting's values",
  eqValues.join(", "));
await expectProblem('{"policy": "p", "bounds": [{"setting": "session.renewal_interval", "min": "1m"}]}', /.+/,
  "min on a neutral setting is flagged");
await expectProblem('{"policy": "p", "bounds": [{"setting": "password.min_length", "min": "12"}]}', /integer/i,
  "a string where a bound on a count needs a number is flagged");

await expectProblem('{"policy": "p", "password": {"min_length": 5000}}', /maximum of 1024/,
  "min_length 5000 is out of range");
await expectProblem('{"policy": "p", "session": {"idle_timeout": "8 hrs"}}', /duration/,
  '"8 hrs" does not match the duration pattern');
await expectProblem('{"policy": "p", "session": {"idle_timout": "8h"}}', /idle_timout/,
  "unknown key idle_timout");
await expectProblem('{"policy": "p", "session": {"idle_timeout": 60}}', /string/i,
  "a bare number for a duration");
const clean = await diagnostics('{"policy": "p", "session": {"idle_timeout": "8h", "max_concurrent": "unlimited"}, "bounds": [{"setting": "session.idle_timeout", "max": "12h"}]}');
check(clean.length === 0, "a valid policy has no diagnostics", JSON.stringify(clean.map((d) => d.message)));

finish("completion");
