import type { CommandFailedEvent, CommandStartedEvent, CommandSucceededEvent, MongoClient } from 'mongodb';

/**
 * The connection string with the driver's command monitoring on. Connections read the option
 * when they are created, so setting it on a client that is already connected misses them.
 */
export function monitored(uri: string): string {
  return `${uri}${uri.includes('?') ? '&' : '?'}monitorCommands=true`;
}

/**
 * What the commands counted so far were: a total and `name collection` → count (`find events`),
 * and the milliseconds the driver waited for their answers, by the same key.
 */
export interface CommandCount {
  total: number;
  byCommand: Record<string, number>;
  msByCommand: Record<string, number>;
}

/** Counts the commands a client sends (the driver's `commandStarted` events). */
export class CommandCounter {
  private total = 0;
  private readonly byCommand: Record<string, number> = {};
  private readonly msByCommand: Record<string, number> = {};
  private readonly started = new Map<number, string>();

  attach(client: MongoClient): void {
    client.on('commandStarted', (event: CommandStartedEvent) => {
      this.total += 1;
      const target: unknown = event.command[event.commandName];
      const key = typeof target === 'string' ? `${event.commandName} ${target}` : event.commandName;
      this.byCommand[key] = (this.byCommand[key] ?? 0) + 1;
      this.started.set(event.requestId, key);
    });
    const ended = (event: CommandSucceededEvent | CommandFailedEvent) => {
      const key = this.started.get(event.requestId);
      if (key === undefined) return;
      this.started.delete(event.requestId);
      this.msByCommand[key] = (this.msByCommand[key] ?? 0) + event.duration;
    };
    client.on('commandSucceeded', ended);
    client.on('commandFailed', ended);
  }

  read(): CommandCount {
    return { total: this.total, byCommand: { ...this.byCommand }, msByCommand: { ...this.msByCommand } };
  }
}

/** The commands sent between two readings. */
export function commandsBetween(before: CommandCount, after: CommandCount): CommandCount {
  const delta = (a: Record<string, number>, b: Record<string, number>) => {
    const out: Record<string, number> = {};
    for (const [key, value] of Object.entries(b))
      if (value - (a[key] ?? 0) > 0) out[key] = value - (a[key] ?? 0);
    return out;
  };
  return {
    total: after.total - before.total,
    byCommand: delta(before.byCommand, after.byCommand),
    msByCommand: delta(before.msByCommand, after.msByCommand),
  };
}

/**
 * The round trips a client waited for one after another since `reset`: the longest chain of
 * commands each sent after the one before it had answered (commands sent together count once).
 */
export class WaitDepth {
  private readonly depths = new Map<number, number>();
  /** The deepest command that has answered since the reset. */
  private answered = 0;
  private deepest = 0;

  attach(client: MongoClient): void {
    client.on('commandStarted', (event: CommandStartedEvent) => {
      const depth = this.answered + 1;
      this.depths.set(event.requestId, depth);
      this.deepest = Math.max(this.deepest, depth);
    });
    const ended = (event: CommandSucceededEvent | CommandFailedEvent) => {
      const depth = this.depths.get(event.requestId);
      if (depth === undefined) return;
      this.depths.delete(event.requestId);
      this.answered = Math.max(this.answered, depth);
    };
    client.on('commandSucceeded', ended);
    client.on('commandFailed', ended);
  }

  /** Starts counting anew (commands in flight count from the new start when they answer). */
  reset(): void {
    for (const requestId of this.depths.keys()) this.depths.set(requestId, 0);
    this.answered = 0;
    this.deepest = 0;
  }

  read(): number {
    return this.deepest;
  }
}
