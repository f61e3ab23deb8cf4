// Fills the app package's templates (appPackage/manifest.json, zh-cn.json) from an environment the
// way the Microsoft 365 Agents Toolkit does: each `${{NAME}}` is replaced by the variable NAME of
// env/.env.<environment>, or of the process environment, which wins.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parse } from 'dotenv';

const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;
/** Variables that may be empty (an empty suffix is the production name). */
const MAY_BE_EMPTY = new Set(['APP_NAME_SUFFIX']);

/** Stand-ins used only for the `local` environment when a value has not been provisioned yet. */
export const LOCAL_STAND_INS = {
  TEAMS_APP_ID: '00000000-0000-4000-8000-00000000a001',
  BOT_ID: '00000000-0000-4000-8000-00000000b001',
  BOT_ENDPOINT: 'https://localhost',
};

/** A problem the developer fixes in env/ or the environment; the message names the variable. */
export class PackageError extends Error {}

/**
 * The variables of an environment: env/.env.<name> (and its .user file, where the toolkit keeps
 * secrets), overridden by those of `processEnv`.
 * @returns {{ values: Record<string, string>, standIns: string[] }}
 */
export function loadEnvironment(root, name, processEnv) {
  const values = {};
  for (const file of [`.env.${name}`, `.env.${name}.user`]) {
    const path = join(root, 'env', file);
    if (existsSync(path)) Object.assign(values, parse(readFileSync(path)));
  }
  // An empty variable of the environment does not hide the file's value.
  for (const [key, value] of Object.entries(processEnv)) {
    if (value !== undefined && (value.trim() !== '' || !(key in values))) values[key] = value;
  }
  const standIns = [];
  // The bot's public address, when it is https already (a dev tunnel, a deployment), is its endpoint.
  if (!values.BOT_ENDPOINT?.trim() && values.PUBLIC_BASE_URL?.startsWith('https://')) {
    values.BOT_ENDPOINT = values.PUBLIC_BASE_URL.replace(/\/+$/, '');
  }
  if (name === 'local') {
    for (const [key, value] of Object.entries(LOCAL_STAND_INS)) {
      if (!values[key]?.trim()) {
        values[key] = value;
        standIns.push(key);
      }
    }
  }
  // The bot's domain is the host of its endpoint unless given.
  if (!values.BOT_DOMAIN?.trim() && values.BOT_ENDPOINT) {
    try {
      values.BOT_DOMAIN = new URL(values.BOT_ENDPOINT).host;
    } catch {
      throw new PackageError(`BOT_ENDPOINT=${values.BOT_ENDPOINT} is not a URL`);
    }
  }
  return { values, standIns };
}

/** Replaces every placeholder; a variable that is not set is an error naming it. */
export function fill(template, values, file) {
  const missing = new Set();
  const text = template.replace(PLACEHOLDER, (_whole, key) => {
    const value = values[key];
    if (value === undefined || (value.trim() === '' && !MAY_BE_EMPTY.has(key))) {
      missing.add(key);
      return '';
    }
    // Values land inside JSON strings.
    return JSON.stringify(value).slice(1, -1);
  });
  if (missing.size > 0) {
    throw new PackageError(`${file} needs ${[...missing].join(', ')}: set them in env/ or the environment`);
  }
  return text;
}

const packageEntry = createRequire(import.meta.url).resolve('@microsoft/app-manifest');

/** The official JSON schema of a manifest version, shipped in npm @microsoft/app-manifest (no download). */
export function schemaPath(manifestVersion, kind = 'MicrosoftTeams') {
  return join(dirname(packageEntry), 'json-schemas', 'teams', `v${manifestVersion}`, `${kind}.schema.json`);
}

/**
 * Validates a document against a schema with the ajv (draft-04) that @microsoft/app-manifest
 * ships, set up as its own validator is, except that patterns are read as plain (non-Unicode)
 * regular expressions: the localisation schema has one (`\b]`) that Unicode mode rejects.
 * @returns {string[]} the problems, none when valid
 */
export function validateAgainst(document, schemaFile) {
  const fromPackage = createRequire(packageEntry);
  const Ajv = fromPackage('ajv-draft-04');
  const addFormats = fromPackage('ajv-formats');
  const ajv = new Ajv({ allErrors: true, strictTypes: false, unicodeRegExp: false });
  addFormats(ajv, ['uri', 'email', 'regex']);
  const check = ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8')));
  if (check(document)) return [];
  return (check.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
}
