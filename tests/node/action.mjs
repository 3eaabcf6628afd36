// Checks the GitHub Action (`action.yml` at the repository root) and the
// workflow `ward init` writes with action-validator, which validates them
// against SchemaStore's schemas for action metadata and workflows (the
// schemas editors and GitHub's own tooling use). Also what a schema cannot
// see: every input the metadata declares is used by a step, every
// `inputs.NAME` a step reads is declared, and every step id that outputs
// read exists. The action cannot run here (it needs GitHub's runners).
import { readFileSync } from "node:fs";
import path from "node:path";
import validator from "@action-validator/core";
import { check, finish, here } from "./common.mjs";

const root = path.join(here, "..", "..");
const action = readFileSync(path.join(root, "action.yml"), "utf8");
const result = validator.validateAction(action);
check(result.errors.length === 0, "action.yml validates against the action metadata schema",
  JSON.stringify(result.errors, null, 1));

// A broken copy must fail, or the check above proves nothing.
const broken = validator.validateAction(action.replace("using: composite", "using: compositx"));
check(broken.errors.length > 0, "a broken action.yml is refused");

// Inputs: the declared ones (two-space indent under `inputs:`) and the
// ones the steps read.
const block = (name) => {
  const start = action.indexOf(`\n${name}:\n`);
  const rest = action.slice(start + name.length + 3);
  const end = rest.search(/\n\S/);
  return end < 0 ? rest : rest.slice(0, end);
};
const declared = [...block("inputs").matchAll(/^ {2}([a-z][a-z0-9-]*):$/gm)].map((m) => m[1]);
const used = [...new Set([...action.matchAll(/inputs\.([a-z][a-z0-9-]*)/g)].map((m) => m[1]))];
check(declared.length >= 5, "action.yml declares its inputs", declared.join(", "));
for (const name of declared) check(used.includes(name), `input ${name} is used by a step`);
for (const name of used) check(declared.includes(name), `inputs.${name} is declared`);
const ids = [...action.matchAll(/^\s+id: ([a-z-]+)$/gm)].map((m) => m[1]);
for (const m of action.matchAll(/steps\.([a-z-]+)\.outputs/g)) {
  check(ids.includes(m[1]), `step ${m[1]} exists`);
}
check(/cargo install --locked --path "\$ACTION_PATH"/.test(action) && /cargo install --locked --git/.test(action),
  "action.yml installs ward from its own ref (--path) or by git");
check(/upload-sarif/.test(action) && /--format github/.test(action), "action.yml uploads SARIF or annotates");

// The workflow `ward init` writes (given on the command line by the test).
const workflowFile = process.argv[2];
if (workflowFile) {
  const workflow = readFileSync(workflowFile, "utf8");
  const w = validator.validateWorkflow(workflow);
  check(w.errors.length === 0, "the workflow ward init writes validates against the workflow schema",
    JSON.stringify(w.errors, null, 1));
  const withInputs = [...workflow.matchAll(/^ {10}([a-z][a-z0-9-]*):/gm)].map((m) => m[1]);
  for (const name of withInputs) check(declared.includes(name), `the workflow's input ${name} is one the action declares`);
} else {
  check(false, "usage: node action.mjs WORKFLOW.yml");
}

finish("action");
