/**
 * The bot, its local database (with the demo data) and both Agents Playgrounds, started the way
 * `npm start` starts them (the real scripts/start.mjs in a child process, on free ports and a
 * throw-away database), with every setting the bot reads fixed here so that a developer's `.env`
 * changes neither the pictures nor the walk-through's assertions.
 */
import { runStartCommand, type StartCommand } from '../start/child.js';

/** A cold start of the seed, the pages' build, the bot and two Playgrounds on a busy 2-core machine. */
const READY_MS = 150_000;
const STOP_MS = 15_000;

export interface Stack {
  bot: string;
  /** The provider's Playground (Alex Wilber, admin agent of Adatum Distribution). */
  provider: string;
  /** The reseller's Playground (Chen Jie of Relecloud). */
  reseller: string;
  start: StartCommand;
  stop(): Promise<void>;
}

export async function startStack(): Promise<Stack> {
  const start = await runStartCommand([], {
    NODE_ENV: 'development',
    MONGODB_DB: 'reseller_bot',
    HOST: '127.0.0.1',
    PUBLIC_BASE_URL: '',
    LOG_LEVEL: 'warn',
    INVITATION_TTL_DAYS: '14',
    BOOTSTRAP_ADMINS: '',
    PARTNER_BACKEND: 'local',
    MicrosoftAppId: '',
    MicrosoftAppPassword: '',
    MicrosoftAppTenantId: '',
    TEAMSAPPTESTER_BROWSER: 'none',
  });
  const stop = async () => {
    if (start.child.exitCode === null && start.child.signalCode === null) start.child.kill('SIGTERM');
    const late = setTimeout(() => start.child.kill('SIGKILL'), STOP_MS);
    await start.exited;
    clearTimeout(late);
    start.cleanUp();
  };
  try {
    await start.waitFor(/start: ready/, READY_MS);
  } catch (error) {
    await stop();
    throw error;
  }
  const { bot, playground } = start.ports;
  return {
    bot: `http://localhost:${bot}`,
    provider: `http://localhost:${playground}`,
    reseller: `http://localhost:${playground + 1}`,
    start,
    stop,
  };
}
