/**
 * What the outbox's every-second question costs as finished notifications pile up, on the store
 * the bot is run against (the local FerretDB by default): the worker's `due()` and `/healthz`'s
 * `stats()`, with N finished jobs kept as the store keeps them (apart, in
 * `notification_jobs_done`) and, for comparison, kept among the live jobs as before schema 4.
 * It also times the move of the finished jobs apart (what schema 4 does once).
 *   npm run bench:outbox
 */
import { MongoClient, type Db } from 'mongodb';
import { NotificationStore, type DeliveryJob } from '../data/notifications/notification-store.js';
import { formatMs, medianMs } from './median.js';

const SIZES = [0, 10_000, 50_000];
const PENDING = 20;
const uri = process.env.MONGODB_URI;
if (!uri) throw new Error('MONGODB_URI is not set: run through `npm run bench:outbox`');

const job = (i: number, status: DeliveryJob['status']): DeliveryJob => ({
  _id: `${status}-${String(i).padStart(8, '0')}`,
  tenantId: 'bench-tenant',
  eventId: `event-${i}`,
  eventType: 'relationship.accepted',
  eventAt: new Date(),
  audience: 'manager',
  target: { tenantId: 'bench-tenant', kind: 'person', userId: `user-${i % 7}` },
  facts: { partnerId: '1000001', resellerName: 'Contoso Cloud Partners', actor: 'Ada Admin' },
  status,
  attempt: status === 'pending' ? 0 : 1,
  attemptLimit: 6,
  dueAt: new Date(Date.now() - 1000),
  createdAt: new Date(),
});

async function fill(db: Db, collection: string, from: number, to: number): Promise<void> {
  for (let start = from; start < to; start += 5_000) {
    const docs = Array.from({ length: Math.min(5_000, to - start) }, (_, k) => job(start + k, 'sent'));
    await db.collection<DeliveryJob>(collection).insertMany(docs);
  }
}

async function timed(run: () => Promise<unknown>, rounds: number): Promise<string> {
  return formatMs(await medianMs(run, rounds));
}

const client = await MongoClient.connect(uri);
try {
  for (const layout of ['apart (schema 4)', 'among the live jobs (before)'] as const) {
    const db = client.db(`bench_outbox_${layout.startsWith('apart') ? 'apart' : 'mixed'}`);
    await db.dropDatabase();
    const store = new NotificationStore(db);
    await db
      .collection<DeliveryJob>('notification_jobs')
      .insertMany(Array.from({ length: PENDING }, (_, i) => job(i, 'pending')));
    let filled = 0;
    for (const size of SIZES) {
      await fill(
        db,
        layout.startsWith('apart') ? 'notification_jobs_done' : 'notification_jobs',
        filled,
        size,
      );
      filled = size;
      const due = await timed(() => store.due(new Date(), 50), 5);
      const stats = await timed(() => store.stats(new Date()), 3);
      console.log(`${layout}: ${size} finished jobs, ${PENDING} pending → due() ${due}, stats() ${stats}`);
    }
    if (!layout.startsWith('apart')) {
      // What schema 4 does once to such a database (and the hourly tidy to what a crash left).
      const started = performance.now();
      const moved = await store.tidy();
      const tookS = ((performance.now() - started) / 1000).toFixed(1);
      const due = await timed(() => store.due(new Date(), 50), 5);
      console.log(`moving them apart (schema 4, once): ${moved} jobs in ${tookS} s → due() ${due}`);
    }
    await db.dropDatabase();
  }
} finally {
  await client.close();
}
