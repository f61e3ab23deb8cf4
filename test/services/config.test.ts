import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../services/config.js';

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

  it('refuses production without bot credentials and Partner Center without a token', () => {
    expect(() => loadConfig({ ...base, NODE_ENV: 'production' })).to.throw(/MicrosoftAppId is required/);
    expect(() => loadConfig({ ...base, PARTNER_BACKEND: 'partner-center' })).to.throw(
      /PARTNER_CENTER_ACCESS_TOKEN/,
    );
    expect(() => loadConfig({ ...base, MONGODB_URI: 'http://x' })).to.throw(/MONGODB_URI must start with/);
  });

  it('reads an empty optional value as unset', () => {
    expect(loadConfig({ ...base, BOOTSTRAP_ADMINS: '' }).BOOTSTRAP_ADMINS).to.equal(undefined);
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
});
