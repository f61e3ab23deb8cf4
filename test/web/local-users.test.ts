import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_AGENTS, DEMO_RESELLER_TENANT, DEMO_TENANT } from '../../scripts/demo-data.js';
import { playgroundUsers, readPlaygroundUser } from '../../web/local-users.js';

describe('local mode: who the web pages act for', () => {
  it('reads the two Playgrounds’ current users: the demo admin agent and the reseller of Relecloud', () => {
    const users = playgroundUsers();
    expect(users.agent).to.deep.equal({
      tenantId: DEMO_TENANT,
      userId: DEMO_AGENTS.admin.agentId,
      name: 'Alex Wilber',
      userPrincipalName: 'alexw@example.com',
    });
    expect(users.reseller?.tenantId).to.equal(DEMO_RESELLER_TENANT);
    expect(users.reseller?.name).to.equal('Chen Jie');
    expect(users.reseller?.userPrincipalName).to.equal('chenjie@relecloud.example');
  });

  it('takes currentUser, not a user listed under users, and nothing from a file without one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'playground-'));
    try {
      const file = join(dir, '.m365agentsplayground.yml');
      writeFileSync(
        file,
        "version: '0.1.1'\ntenantId: 't-1'\nusers:\n  - id: u\n    aadObjectId: listed\ncurrentUser:\n  id: me\n  name: \"Me Myself\"\n  aadObjectId: mine\n",
      );
      expect(readPlaygroundUser(file)).to.deep.equal({ tenantId: 't-1', userId: 'mine', name: 'Me Myself' });
      writeFileSync(file, 'tenantId: t-1\nusers:\n  - aadObjectId: listed\n');
      expect(readPlaygroundUser(file)).to.equal(undefined);
      expect(readPlaygroundUser(join(dir, 'missing.yml'))).to.equal(undefined);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
