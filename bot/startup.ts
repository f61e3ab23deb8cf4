import { ConfigError, loadConfig, type Config } from '../services/config.js';

/** The configuration of a process that starts from the command line; a bad setting ends it with its one line. */
export function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
