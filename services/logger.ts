import { pino, type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs on stdout; child loggers carry the turn id. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { app: 'reseller-relationship-bot' } });
}
