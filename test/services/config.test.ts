import { expect } from 'chai';
import { ConfigError, loadConfig, publicBaseUrlWarning } from '../../services/config.js';

describe('configuration', () => {
  const base = { MONGODB_URI: 'mongodb://127.0.0.1:27017/' };

  it('fills in the documented defaults', () => {
    const config = loadConfig(base);
    expect(config).to.include({
      PORT: 3978,
      MONGODB_DB: 'reseller_bot',
      INVITATION_TTL_DAYS: 14,
      PARTNER_BACKEND: 'local',
    });
    expect(config.EXPORT_LINK_SECRET, 'outside production the server makes one').to.equal(undefined);
  });

  it('makes PUBLIC_BASE_URL from PORT when unset, so links follow the port the bot listens on', () => {
    expect(loadConfig({ ...base, PORT: '4100' }).PUBLIC_BASE_URL).to.equal('http://localhost:4100');
    expect(loadConfig({ ...base, PUBLIC_BASE_URL: '' }).PUBLIC_BASE_URL).to.equal('http://localhost:3978');
    expect(publicBaseUrlWarning(loadConfig({ ...base, PORT: '4100' }), 4100)).to.equal(undefined);
  });

  it('warns when a PUBLIC_BASE_URL that was set names this machine on another port', () => {
    const stale = loadConfig({ ...base, PORT: '4100', PUBLIC_BASE_URL: 'http://localhost:3978' });
    expect(publicBaseUrlWarning(stale, 4100)).to.match(/points at port 3978, but the bot listens on 4100/);
    const matching = loadConfig({ ...base, PORT: '4100', PUBLIC_BASE_URL: 'http://127.0.0.1:4100/' });
    expect(publicBaseUrlWarning(matching, 4100)).to.equal(undefined);
    // A public name is usually a reverse proxy in front of another port: nothing to say.
    const proxied = loadConfig({ ...base, PUBLIC_BASE_URL: 'https://bot.example.com' });
    expect(publicBaseUrlWarning(proxied, 3978)).to.equal(undefined);
  });

  it('names each wrong or missing variable on its own line', () => {
    const attempt = () => loadConfig({ PORT: 'eighty', INVITATION_TTL_DAYS: '0' });
    expect(attempt).to.throw(ConfigError);
    try {
      attempt();
    } catch (error) {
      const lines = (error as Error).message.split('\n');
      expect(lines.some((l) => l.startsWith('configuration: MONGODB_URI is required'))).to.equal(true);
      expect(lines.some((l) => l.startsWith('configuration: PORT'))).to.equal(true);
      expect(lines.some((l) => l.startsWith('configuration: INVITATION_TTL_DAYS'))).to.equal(true);
    }
  });

  it('refuses production without bot credentials or export link secret, and Partner Center without a token', () => {
    expect(() => loadConfig({ ...base, NODE_ENV: 'production' })).to.throw(/MicrosoftAppId is required/);
    const production = { ...base, NODE_ENV: 'production', MicrosoftAppId: 'app-id' };
    expect(() => loadConfig(production)).to.throw(
      ConfigError,
      'configuration: EXPORT_LINK_SECRET is required when NODE_ENV=production',
    );
    expect(() => loadConfig({ ...production, EXPORT_LINK_SECRET: '' })).to.throw(
      /EXPORT_LINK_SECRET is required/,
    );
    expect(() => loadConfig({ ...production, EXPORT_LINK_SECRET: 'x'.repeat(31) })).to.throw(
      /EXPORT_LINK_SECRET must have at least 32 characters/,
    );
    expect(() => loadConfig({ ...production, EXPORT_LINK_SECRET: 'x'.repeat(32) })).to.throw(
      ConfigError,
      'configuration: DRAFT_REPLAY_SECRET is required when NODE_ENV=production',
    );
    const secrets = { EXPORT_LINK_SECRET: 'x'.repeat(32), DRAFT_REPLAY_SECRET: 'y'.repeat(32) };
    expect(loadConfig({ ...production, ...secrets })).to.include(secrets);
    expect(() => loadConfig({ ...base, PARTNER_BACKEND: 'partner-center' })).to.throw(
      /PARTNER_CENTER_CLIENT_ID is required when PARTNER_BACKEND=partner-center/,
    );
    expect(() => loadConfig({ ...base, MONGODB_URI: 'http://x' })).to.throw(/MONGODB_URI must start with/);
  });

  it('reads an empty optional value as unset', () => {
    expect(loadConfig({ ...base, BOOTSTRAP_ADMINS: '' }).BOOTSTRAP_ADMINS).to.equal(undefined);
    expect(loadConfig({ ...base, EXPORT_LINK_SECRET: ' ' }).EXPORT_LINK_SECRET).to.equal(undefined);
    expect(() => loadConfig({ ...base, BOOTSTRAP_ADMINS: 'no-colon' })).to.throw(/BOOTSTRAP_ADMINS/);
  });
});

describe('schema set-up', () => {
  it('runs again on a database that already has every index (a restart)', async () => {
    const { createWorld } = await import('../support/world.js');
    const { ensureSchema } = await import('../../data/indexes.js');
    const world = await createWorld();
    try {
      await ensureSchema(world.database.db);
      await ensureSchema(world.database.db);
      expect(
        (await world.database.db.collection('events').listIndexes().toArray()).map((i) => i.name),
      ).to.include('tenant_time');
    } finally {
      await world.close();
    }
  });

  it("carries the notification dispatcher's checkpoints of a version-1 database over to the feed followers", async () => {
    const { createWorld } = await import('../support/world.js');
    const { ensureSchema, SCHEMA_VERSION } = await import('../../data/indexes.js');
    const { DISPATCHER_FOLLOWER } = await import('../../services/notifications/dispatcher.js');
    const world = await createWorld();
    try {
      const db = world.database.db;
      type Doc = { _id: string; seq?: number; version?: number; updatedAt?: Date };
      await db.collection<Doc>('meta').updateOne({ _id: 'schema' }, { $set: { version: 1 } });
      await db
        .collection<Doc>('notification_checkpoints')
        .insertMany([{ _id: 'tenant-old', seq: 7, updatedAt: new Date() }]);
      // A checkpoint the dispatcher already wrote under its new name is kept.
      await world.repos.checkpoints.save(DISPATCHER_FOLLOWER, 'tenant-new', 3, new Date());
      await db
        .collection<Doc>('notification_checkpoints')
        .insertOne({ _id: 'tenant-new', seq: 1, updatedAt: new Date() });
      await ensureSchema(db);
      await ensureSchema(db);
      expect(await world.repos.checkpoints.get(DISPATCHER_FOLLOWER, 'tenant-old')).to.equal(7);
      expect(await world.repos.checkpoints.get(DISPATCHER_FOLLOWER, 'tenant-new')).to.equal(3);
      const left = await db.listCollections({ name: 'notification_checkpoints' }).toArray();
      expect(left).to.deep.equal([]);
      expect((await db.collection<Doc>('meta').findOne({ _id: 'schema' }))?.version).to.equal(SCHEMA_VERSION);
    } finally {
      await world.close();
    }
  });
});
