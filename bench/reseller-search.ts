/**
 * How fast the active-reseller list and its prefix search answer for a provider with 10,000
 * resellers, on the configured database (the local FerretDB by default).
 *   npm run bench            (report printed and written to bench/results/reseller-search.json)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { connectDatabase } from '../data/database.js';
import { ensureSchema } from '../data/indexes.js';
import { LocalCommerce } from '../data/local-partner/local-commerce.js';
import { LocalPartnerDirectory } from '../data/local-partner/local-directory.js';
import { createRepositories } from '../data/repositories.js';
import { systemClock } from '../services/clock.js';
import { createServices } from '../services/index.js';
import { relationshipSnapshot } from './turns/dataset.js';

const RESELLERS = Number(process.env.BENCH_RESELLERS ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
const TENANT = 'bench-tenant';

const uri = process.env.MONGODB_URI;
if (!uri) throw new Error('run through npm run bench (it starts the local database)');
const database = await connectDatabase(uri, `bench_${randomBytes(4).toString('hex')}`);
await ensureSchema(database.db);
const repos = createRepositories(database.db);
const services = createServices({
  repos,
  clock: systemClock,
  directory: new LocalPartnerDirectory(database.db),
  commerce: new LocalCommerce(database.db),
  settings: { publicBaseUrl: 'http://localhost', invitationTtlDays: 14 },
});
await repos.providers.upsert({
  tenantId: TENANT,
  name: 'Bench Provider',
  partnerId: '9999999',
  country: 'CN',
  allowedCountries: [],
  listing: { displayName: '', website: '', regions: [], contactEmail: '', description: '' },
  createdAt: new Date(),
});
await services.access.bootstrapAdmin(TENANT, 'bench-admin');
const actor = { tenantId: TENANT, agentId: 'bench-admin' };

// The read-model documents are written directly, in the shape the relationship stream stores
// (invitation, token hash, sequence…): this measures the query and the index, not 20,000 appends.
const at = new Date();
const benchProvider = { tenantId: TENANT, partnerId: '9999999', base: 2_000_000 };
const rows = Array.from({ length: RESELLERS }, (_, i) => relationshipSnapshot(benchProvider, i, at));
const loadStart = performance.now();
const collection = database.db.collection<{ _id: string }>('relationships');
for (let i = 0; i < rows.length; i += 1000) await collection.insertMany(rows.slice(i, i + 1000));
const loadMs = performance.now() - loadStart;

async function measure(name: string, input: Record<string, unknown>) {
  const times: number[] = [];
  let total = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const start = performance.now();
    const page = await services.relationships.listResellers(actor, input);
    times.push(performance.now() - start);
    total = page.total;
  }
  times.sort((a, b) => a - b);
  const pick = (q: number) =>
    Number((times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0).toFixed(1));
  return { name, matches: total, p50ms: pick(0.5), p95ms: pick(0.95), maxMs: pick(1) };
}

global.gc?.();
const heapBefore = process.memoryUsage().heapUsed;
const coldStart = performance.now();
await services.relationships.listResellers(actor, {});
const coldMs = Math.round(performance.now() - coldStart);
global.gc?.();
/** Heap the provider's in-memory index holds (meaningful with --expose-gc). */
const indexHeapMb = Number(((process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024).toFixed(1));
/** The index holds every relationship but one that never was (`none`). */
const indexedRows = rows.filter((row) => row.status !== 'none').length;
const heapMbPer10kRows = Number(((indexHeapMb * 10_000) / indexedRows).toFixed(1));

const results = [
  await measure('first page, no search', {}),
  await measure('page 50', { page: 50 }),
  await measure('name prefix "contoso 00"', { query: 'contoso 00' }),
  await measure('name prefix "华云"', { query: '华云' }),
  await measure('Partner ID prefix "20001"', { query: '20001' }),
  await measure('no match', { query: 'zzz' }),
];
// What every list would cost without the index: FerretDB scans the collection per query.
const scanTimes: number[] = [];
for (let round = 0; round < 5; round++) {
  const start = performance.now();
  await repos.relationshipQueries.listByStatus(TENANT, ['active']);
  scanTimes.push(performance.now() - start);
}
const scanMs = Math.round(scanTimes.sort((a, b) => a - b)[2] ?? 0);

const report = {
  database: (await database.db.admin().command({ buildInfo: 1 })).version as string,
  resellers: RESELLERS,
  rounds: ROUNDS,
  loadMs: Math.round(loadMs),
  /** First list of a provider on an instance: one scan to build its in-memory index. */
  coldIndexMs: coldMs,
  indexHeapMb,
  indexedRows,
  heapMbPer10kRows,
  /** Median of one query on the collection itself (what the index replaces). */
  collectionQueryMs: scanMs,
  results,
  at: new Date().toISOString(),
};
console.table(results);
console.log(
  `database ${report.database}, ${RESELLERS} resellers loaded in ${report.loadMs} ms; ` +
    `first list on this instance (index build) ${coldMs} ms, index heap ${indexHeapMb} MB for ${indexedRows} rows (${heapMbPer10kRows} MB per 10,000); ` +
    `one query on the collection instead ${scanMs} ms; ${ROUNDS} rounds each`,
);
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/reseller-search.json', `${JSON.stringify(report, null, 2)}\n`);
await database.db.dropDatabase();
await database.close();
