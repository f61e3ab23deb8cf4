import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../services/config.js';

const base = { MONGODB_URI: 'mongodb://127.0.0.1:27017', PARTNER_BACKEND: 'partner-center' };
const CLIENT_ID = '11111111-2222-3333-4444-555555555555';
const KEY = Buffer.alloc(32, 7).toString('base64');

describe('Partner Center configuration', () => {
  it('needs the app registration and the sealing key, each named', () => {
    expect(() => loadConfig(base)).to.throw(ConfigError, 'PARTNER_CENTER_CLIENT_ID is required');
    expect(() => loadConfig({ ...base, PARTNER_CENTER_CLIENT_ID: CLIENT_ID })).to.throw(
      ConfigError,
      'PARTNER_CENTER_TOKEN_KEY is required',
    );
    const config = loadConfig({
      ...base,
      PARTNER_CENTER_CLIENT_ID: CLIENT_ID,
      PARTNER_CENTER_TOKEN_KEY: KEY,
    });
    expect(config).to.include({
      PARTNER_CENTER_AUTHORITY_HOST: 'https://login.microsoftonline.com',
      PARTNER_CENTER_SCOPE: 'https://api.partnercenter.microsoft.com/user_impersonation',
      PARTNER_CENTER_SYNC_MINUTES: 15,
    });
  });

  it('refuses a key that is not 32 bytes, an insecure authority and a malformed client id', () => {
    const full = { ...base, PARTNER_CENTER_CLIENT_ID: CLIENT_ID, PARTNER_CENTER_TOKEN_KEY: KEY };
    const short = Buffer.alloc(16).toString('base64');
    expect(() => loadConfig({ ...full, PARTNER_CENTER_TOKEN_KEY: short })).to.throw(
      /PARTNER_CENTER_TOKEN_KEY must be 32 bytes/,
    );
    expect(() => loadConfig({ ...full, PARTNER_CENTER_AUTHORITY_HOST: 'http://127.0.0.1:9' })).to.throw(
      /PARTNER_CENTER_AUTHORITY_HOST must start with https/,
    );
    expect(() => loadConfig({ ...full, PARTNER_CENTER_CLIENT_ID: 'my-app' })).to.throw(
      /PARTNER_CENTER_CLIENT_ID/,
    );
  });

  it('keeps the static token as a development override only', () => {
    const dev = loadConfig({ ...base, PARTNER_CENTER_ACCESS_TOKEN: 't'.repeat(30) });
    expect(dev.PARTNER_CENTER_ACCESS_TOKEN).to.equal('t'.repeat(30));
    const production = {
      ...base,
      NODE_ENV: 'production',
      MicrosoftAppId: 'app',
      EXPORT_LINK_SECRET: 'x'.repeat(32),
      PARTNER_CENTER_ACCESS_TOKEN: 't'.repeat(30),
    };
    expect(() => loadConfig(production)).to.throw(/PARTNER_CENTER_ACCESS_TOKEN is for development only/);
  });
});
