import type { CommandStartedEvent, MongoClient } from 'mongodb';

/**
 * The connection string with the driver's command monitoring on. Connections read the option
 * when they are created, so setting it on a client that is already connected misses them.
 */
export function monitored(uri: string): string {
  return `${uri}${uri.includes('?') ? '&' : '?'}monitorCommands=true`;
}

/** What the commands counted so far were: a total and `name collection` → count (`find events`). */
export interface CommandCount {
  total: number;
  byCommand: Record<string, number>;
}

/** Counts the commands a client sends (the driver's `commandStarted` events). */
export class CommandCounter {
  private total = 0;
  private readonly byCommand: Record<string, number> = {};

  attach(client: MongoClient): void {
    client.on('commandStarted', (event: CommandStartedEvent) => {
      this.total += 1;
      const target: unknown = event.command[event.commandName];
      const key = typeof target === 'string' ? `${event.commandName} ${target}` : event.commandName;
      this.byCommand[key] = (this.byCommand[key] ?? 0) + 1;
    });
  }

  read(): CommandCount {
    return { total: this.total, byCommand: { ...this.byCommand } };
  }
}

/** The commands sent between two readings. */
export function commandsBetween(before: CommandCount, after: CommandCount): CommandCount {
  const byCommand: Record<string, number> = {};
  for (const [key, count] of Object.entries(after.byCommand)) {
    const delta = count - (before.byCommand[key] ?? 0);
    if (delta > 0) byCommand[key] = delta;
  }
  return { total: after.total - before.total, byCommand };
}
