import type { CommandStartedEvent, Document, MongoClient } from 'mongodb';

/**
 * From now on, the filters of the `find` commands the client sends to collections whose name
 * starts with `prefix` (the client's connection string needs `monitorCommands`: `monitored`).
 */
export function findFilters(client: MongoClient, prefix: string): { collection: string; filter: Document }[] {
  const filters: { collection: string; filter: Document }[] = [];
  client.on('commandStarted', (event: CommandStartedEvent) => {
    const collection: unknown = event.command.find;
    if (typeof collection === 'string' && collection.startsWith(prefix))
      filters.push({ collection, filter: (event.command.filter ?? {}) as Document });
  });
  return filters;
}
