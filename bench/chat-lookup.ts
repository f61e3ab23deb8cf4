/**
 * What finding a recipient's chat costs as the bot's stored conversations grow, on the store the
 * bot is run against (the local FerretDB by default): a person's newest 1:1 chat and a tenant's
 * endpoint through the conversation directory (`_id` lookups), against the queries of the
 * references they replaced (a person's chats, a tenant's chats, any chat of a tenant; run on the
 * scan pool, since on the main pool they pass its 1.5 s deadline). It also times the directory's
 * one-time fill from the references.
 *   npm run bench:chats                    (BENCH_REFERENCES=20000 by default)
 */
import { connectDatabase } from '../data/database.js';
import { ConversationStore } from '../data/conversations/conversation-store.js';
import { ensureSchema } from '../data/indexes.js';
import { formatMs, medianMs } from './median.js';

const REFERENCES = Number(process.env.BENCH_REFERENCES ?? 20_000);
const TENANTS = 20;
const ROUNDS = 15;
const uri = process.env.MONGODB_URI;
if (!uri) throw new Error('MONGODB_URI is not set: run through `npm run bench:chats`');

const database = await connectDatabase(uri, `bench_chats_${Date.now()}`);
try {
  await ensureSchema(database.db, database.scanDb);
  const at = new Date();
  for (let from = 0; from < REFERENCES; from += 1_000) {
    await database.db.collection<{ _id: string }>('conversation_references').insertMany(
      Array.from({ length: Math.min(1_000, REFERENCES - from) }, (_, k) => {
        const i = from + k;
        const tenantId = `tenant-${i % TENANTS}`;
        return {
          _id: `${tenantId}:a:${i}`,
          tenantId,
          conversationId: `a:${i}`,
          conversationType: 'personal',
          userId: `user-${i}`,
          reference: { serviceUrl: 'https://smba.trafficmanager.net/emea/' },
          updatedAt: at,
        };
      }),
    );
  }
  const store = new ConversationStore(database.db, database.scanDb);
  // A tenant whose people first wrote to the bot lately (a new reseller's): its chat is the last one.
  await store.save({
    tenantId: 'tenant-new',
    conversationId: 'a:new',
    conversationType: 'personal',
    userId: 'user-new',
    reference: { serviceUrl: 'https://smba.trafficmanager.net/amer/' },
  });
  const started = performance.now();
  const filled = await store.directory.fill();
  const fillMs = performance.now() - started;

  const median = async (run: () => Promise<unknown>) => formatMs(await medianMs(run, ROUNDS));
  // A late person of a tenant (the scans read the whole collection whatever the position).
  const late = REFERENCES - 7;
  const tenantId = `tenant-${late % TENANTS}`;
  const userId = `user-${late}`;
  const references = database.scanDb.collection('conversation_references');
  const rows = [
    {
      question: "a person's newest 1:1 chat",
      directory: await median(() => store.personalChat(tenantId, userId)),
      references: await median(() =>
        references.find({ tenantId, userId, conversationType: 'personal' }).limit(20).toArray(),
      ),
    },
    {
      question: "a tenant's 1:1 chats (the dispatcher, once per event, before)",
      directory: '—',
      references: await median(() =>
        references
          .find({ tenantId, conversationType: 'personal' }, { projection: { userId: 1, conversationId: 1 } })
          .toArray(),
      ),
    },
    {
      question: 'the endpoint of a tenant new to the bot (to start a chat)',
      directory: await median(() => store.serviceUrlOf('tenant-new')),
      references: await median(() => references.findOne({ tenantId: 'tenant-new' })),
    },
  ];
  console.log(`bench:chats: ${REFERENCES} references over ${TENANTS} tenants, medians of ${ROUNDS}`);
  console.table(rows);
  console.log(
    `directory filled from the references: ${filled} documents in ${(fillMs / 1_000).toFixed(1)} s`,
  );
} finally {
  await database.db.dropDatabase();
  await database.close();
}
