// Compiles every committed schema with ajv (draft 2020-12, strict mode) and
// validates sample documents, valid and invalid, against them. ajv is an
// implementation independent of ward and of the Rust `jsonschema` crate.
import Ajv2020 from "ajv/dist/2020.js";
import { check, finish, loadSchemas, loadSchema } from "./common.mjs";

// Strict, except that the annotations editors read are known keywords, that
// `required` may name properties a sibling `properties` does not list (the
// `anyOf: [{required: [min]}, …]` idiom, which strictRequired flags), and
// that a type may be a union: a count that takes a keyword is
// `["integer", "string"]` with a `pattern` for the keyword, because editor
// engines mishandle the `anyOf` that would say the same.
const ajv = new Ajv2020({ strict: true, strictRequired: false, allowUnionTypes: true, allErrors: true });
ajv.addKeyword({ keyword: "markdownDescription", schemaType: "string" });
ajv.addKeyword({ keyword: "patternErrorMessage", schemaType: "string" });
ajv.addKeyword({ keyword: "markdownEnumDescriptions", schemaType: "array" });

let compiled = 0;
for (const { file, schema } of loadSchemas()) {
  try {
    ajv.compile(schema);
    check(true, `${file} compiles`);
    compiled += 1;
  } catch (e) {
    check(false, `${file} does not compile`, String(e && e.message));
  }
}
check(compiled >= 9, `expected resolved, policy, descriptor and six target schemas, compiled ${compiled}`);
check(loadSchemas().some(({ file }) => file === "target-aws-iam.schema.json"), "target schemas are committed");
if (compiled < loadSchemas().length) finish("ajv");

const resolved = ajv.getSchema(loadSchema("resolved.schema.json").$id);
const policy = ajv.getSchema(loadSchema("policy.schema.json").$id);

function expect(validate, doc, valid, what) {
  const ok = validate(doc);
  check(ok === valid, `${what}: expected ${valid ? "valid" : "invalid"}`,
    valid ? JSON.stringify(validate.errors) : JSON.stringify(doc));
}

expect(resolved, {
  policy: "acme",
  session: { idle_timeout: 28800, absolute_lifetime: 43200, renewal_interval: 900, max_concurrent: 500 },
  token: { lifetime: 86400, federated_lifetime: 7200 },
  password: { min_length: 15, history: 5, max_age: "never", blocklist: "breached", enforce_on: "next_login" },
  lockout: { threshold: 10, window: 900, duration: 3600 },
  accounts: { deactivate_after: 7776000, allow_proxy_login: false },
  audit: { retention: 31536000 },
  integrations: { outlook_calendar: { enabled: true, audiences: ["sales", "support"], consent: "admin", cache_ttl: 300 } },
}, true, "the reference's resolved example");
expect(resolved, { policy: "p", session: { idle_timeout: 31536001 } }, false, "resolved: idle timeout above 365d");
expect(resolved, { policy: "p", session: { idle_timout: 60 } }, false, "resolved: unknown key");
expect(resolved, { policy: "p", token: { lifetime: "never" } }, false, "resolved: keyword not accepted");
expect(resolved, { policy: "p", session: { idle_timeout: "unlimited", absolute_lifetime: 60 } }, false,
  "resolved: unlimited idle timeout with a finite lifetime");

expect(policy, {
  $schema: "../schemas/policy.schema.json",
  policy: "acme",
  extends: ["std:pci-dss-4.0"],
  session: { idle_timeout: "8h", absolute_lifetime: "1d 12h", max_concurrent: 500 },
  password: { max_age: "never", blocklist: "breached" },
  bounds: [{ setting: "session.idle_timeout", max: "12h", severity: "warn", because: "Acme standard 4.2" }],
  integrations: { outlook_calendar: { enabled: true, audiences: ["sales"], cache_ttl: "5m" } },
}, true, "the reference's authoring example");
for (const text of ["90s", "15 min", "1h30m", "2 weeks", "1d 12h", "10_000s"]) {
  expect(policy, { policy: "p", password: { min_age: text } }, true, `duration "${text}"`);
}
for (const text of ["8 hrs", "1.5h", "3mo", "500ms", "60", "h", "8h "]) {
  expect(policy, { policy: "p", password: { min_age: text } }, false, `duration "${text}"`);
}
expect(policy, { policy: "p", session: { idle_timeout: 60 } }, false, "policy: bare number for a duration");
expect(policy, { policy: "p", password: { min_length: 5000 } }, false, "policy: count out of range");
expect(policy, { policy: "p", bounds: [{ setting: "session.renewal_interval", min: "1m" }] }, false,
  "policy: min on a neutral setting");
expect(policy, { policy: "p", bounds: [{ setting: "integrations.teams.cache_ttl", max: "1h" }] }, true,
  "policy: bound on an integration setting");

// Target output schemas (derived from the descriptors): what `ward build
// --target` writes, and values beyond the services' limits.
const target = (name) => ajv.getSchema(loadSchema(`target-${name}.schema.json`).$id);
expect(target("miro"), { idle_session_timeout: { value: 8, unit: "hours" } }, true, "miro: 8 hours");
expect(target("miro"), { idle_session_timeout: { enabled: false } }, true, "miro: unlimited");
expect(target("miro"), { idle_session_timeout: { value: 15, unit: "days" } }, false, "miro: above 14 days");
expect(target("arcgis"), { maxTokenExpirationMinutes: 20160 }, true, "arcgis: two weeks");
expect(target("arcgis"), { maxTokenExpirationMinutes: 20161 }, false, "arcgis: above two weeks");
expect(target("keycloak"), { ssoSessionIdleTimeout: 28680, passwordPolicy: "length(12) and notContainsUsername(undefined)",
  bruteForceProtected: true, failureFactor: 10 }, true, "keycloak: realm fragment");
expect(target("keycloak"), { passwordPolicy: "length(12) or digits(1)" }, false, "keycloak: bad policy string");
const aws = { MinimumPasswordLength: 14, RequireSymbols: true, RequireNumbers: true, RequireUppercaseCharacters: true,
  RequireLowercaseCharacters: true, AllowUsersToChangePassword: true, HardExpiry: false };
expect(target("aws-iam"), aws, true, "aws-iam: complete, max age never");
expect(target("aws-iam"), { MinimumPasswordLength: 14 }, false, "aws-iam: incomplete");
expect(target("aws-iam"), { ...aws, MaxPasswordAge: 0 }, false, "aws-iam: max age 0");
expect(target("qualtrics"), { account_lockout: { failed_login_attempts: 5, within_minutes: 15 } }, true, "qualtrics: nested");
expect(target("qualtrics"), { account_lockout: { attempts: 5 } }, false, "qualtrics: unknown nested key");

finish("ajv");
