/**
 * The real bot as `bot/index.ts` starts it (configuration from the environment, `openApp`,
 * `startServer`, local mode), plus what the benchmark reads over the IPC channel: the database
 * commands the driver sent (command monitoring on the bot's own clients, the main pool and the
 * scan pool: exact, and no proxy hop in the way of the turns) and the process's memory. Only the
 * benchmark starts it.
 */
import { startServer } from '../../bot/server.js';
import { openApp } from '../../services/compose.js';
import { loadConfig } from '../../services/config.js';
import { createLogger } from '../../services/logger.js';
import { CommandCounter, monitored, type CommandCount } from './monitoring.js';

export interface BotProbe {
  commands: CommandCount;
  rssBytes: number;
  heapUsedBytes: number;
}

const config = loadConfig({ ...process.env, MONGODB_URI: monitored(process.env.MONGODB_URI ?? '') });
const app = await openApp(config);
const counter = new CommandCounter();
counter.attach(app.database.client);
counter.attach(app.database.scanClient);
// A free port: the benchmark reads the URL from the ready message.
const running = await startServer({ config, app, logger: createLogger(config.LOG_LEVEL), port: 0 });

process.on('message', (message: unknown) => {
  if (message === 'probe') {
    const memory = process.memoryUsage();
    const probe: BotProbe = {
      commands: counter.read(),
      rssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
    };
    process.send?.({ probe });
  } else if (message === 'stop') {
    void running
      .stop()
      .then(() => app.close())
      .then(() => process.exit(0));
  }
});
process.send?.({ ready: running.url });
