/** Shared start-up of the command-line tools: config, the service layer, and readable refusals. */
import 'dotenv/config';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { errorMessage } from '../i18n/index.js';
import { openApp, type App } from '../services/compose.js';
import { ConfigError, loadConfig } from '../services/config.js';
import { isAppError } from '../services/errors.js';

export async function runCli(
  usage: string,
  options: NonNullable<ParseArgsConfig['options']>,
  main: (app: App, values: Record<string, string | boolean | undefined>) => Promise<void>,
): Promise<void> {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({ options, strict: true }).values as Record<string, string | boolean | undefined>;
  } catch (error) {
    console.error(`${(error as Error).message}\nusage: ${usage}`);
    process.exit(2);
  }
  let app: App | undefined;
  try {
    app = await openApp(loadConfig());
    await main(app, values);
  } catch (error) {
    if (error instanceof ConfigError) console.error(error.message);
    else if (isAppError(error))
      console.error(`refused: ${errorMessage('en-US', error.code, error.params)} (${error.code})`);
    else console.error(error);
    process.exitCode = 1;
  } finally {
    await app?.close();
  }
}

export function required(
  values: Record<string, string | boolean | undefined>,
  name: string,
  usage: string,
): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') {
    console.error(`missing --${name}\nusage: ${usage}`);
    process.exit(2);
  }
  return value;
}
