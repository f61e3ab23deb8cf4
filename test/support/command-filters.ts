import type { CommandStartedEvent, Document } from 'mongodb';
import type { Database } from '../../data/database.js';

/** Commands that read documents, and where their filter is. */
const READS: Record<string, string> = {
  find: 'filter',
  aggregate: 'pipeline',
  distinct: 'query',
  count: 'query',
};

/**
 * From now on, every read command (find, aggregate, distinct, count) either client of the
 * database (the main pool and the scan pool) sends to a collection whose name starts with
 * `prefix`, with its filter (the connection string needs `monitorCommands`: `monitored`).
 */
export function readsOf(
  database: Database,
  prefix: string,
): { command: string; collection: string; filter: Document }[] {
  const reads: { command: string; collection: string; filter: Document }[] = [];
  const listen = (event: CommandStartedEvent) => {
    const field = READS[event.commandName];
    const collection: unknown = event.command[event.commandName];
    if (!field || typeof collection !== 'string' || !collection.startsWith(prefix)) return;
    const filter: unknown = event.command[field];
    reads.push({
      command: event.commandName,
      collection,
      filter:
        typeof filter === 'object' && filter !== null && !Array.isArray(filter) ? (filter as Document) : {},
    });
  };
  database.client.on('commandStarted', listen);
  database.scanClient.on('commandStarted', listen);
  return reads;
}

/** Whether every read named one document by `_id` alone (a `find`). */
export function onlyIdLookups(reads: { command: string; filter: Document }[]): boolean {
  return reads.every(({ command, filter }) => command === 'find' && Object.keys(filter).join() === '_id');
}
