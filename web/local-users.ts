import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A person the Agents Playground plays: its tenant and its `currentUser`. */
export interface LocalUser {
  tenantId: string;
  userId: string;
  name: string;
  /** The user principal name (the Playground spells the field `userPrincipleName`). */
  userPrincipalName?: string;
}

/**
 * Who the web pages act for in local mode (no MicrosoftAppId, so no Entra sign-in): the same
 * people the two Playgrounds of `npm start` are. `agent`: the provider's Playground
 * (`.m365agentsplayground.yml`, Alex Wilber, admin agent); `reseller`: the reseller's
 * (`playground/reseller/.m365agentsplayground.yml`, Chen Jie of Relecloud).
 */
export interface LocalUsers {
  agent?: LocalUser;
  reseller?: LocalUser;
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const PLAYGROUND_FILES = {
  agent: join(root, '.m365agentsplayground.yml'),
  reseller: join(root, 'playground', 'reseller', '.m365agentsplayground.yml'),
};

/** Reads both Playground files (a missing or unreadable one leaves its person out). */
export function playgroundUsers(files = PLAYGROUND_FILES): LocalUsers {
  const agent = readPlaygroundUser(files.agent);
  const reseller = readPlaygroundUser(files.reseller);
  return { ...(agent ? { agent } : {}), ...(reseller ? { reseller } : {}) };
}

/**
 * The top-level `tenantId` and the `currentUser` block of a Playground file. The files are the
 * Playground's own small YAML (scalars two spaces in), so a line reader is enough.
 */
export function readPlaygroundUser(file: string): LocalUser | undefined {
  if (!existsSync(file)) return undefined;
  const lines = readFileSync(file, 'utf8').split(/\r?\n/);
  const scalar = (line: string) => {
    const match = /^\s*([A-Za-z]+):\s*(.*?)\s*$/.exec(line);
    if (!match) return undefined;
    const value = (match[2] ?? '').replace(/^(['"])(.*)\1$/, '$2');
    return { key: match[1] ?? '', value };
  };
  let tenantId: string | undefined;
  const user: Record<string, string> = {};
  let inUser = false;
  for (const line of lines) {
    if (/^\S/.test(line)) {
      inUser = line.startsWith('currentUser:');
      const top = scalar(line);
      if (top?.key === 'tenantId') tenantId = top.value;
      continue;
    }
    if (inUser && /^ {2}\S/.test(line)) {
      const field = scalar(line);
      if (field) user[field.key] = field.value;
    }
  }
  if (!tenantId || !user.aadObjectId) return undefined;
  return {
    tenantId,
    userId: user.aadObjectId,
    name: user.name ?? user.aadObjectId,
    ...(user.userPrincipleName ? { userPrincipalName: user.userPrincipleName } : {}),
  };
}
