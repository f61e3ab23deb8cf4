import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { teamsMembers } from '../../bot/members.js';
import type { RunningServer } from '../../bot/server.js';
import { serveWorld } from '../support/server.js';
import { createWorld, type World } from '../support/world.js';
import { FABRIKAM, fabrikamUser, requestFabrikam } from './fixtures.js';

/**
 * A stand-in for the Bot Connector that answers `GET /v3/conversations/{id}/members/{userId}`
 * with a `TeamsChannelAccount` (documented shape: id, name, aadObjectId, email,
 * userPrincipalName, tenantId) and takes every reply the bot sends.
 */
async function fakeConnector(
  account: Record<string, string>,
): Promise<{ url: string; server: Server; asked: string[] }> {
  const asked: string[] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      if (req.method === 'GET' && /\/members\//.test(req.url ?? '')) {
        asked.push(decodeURIComponent(req.url ?? ''));
        res.end(JSON.stringify(account));
      } else res.end(JSON.stringify({ id: 'sent' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server, asked };
}

describe('bot: the sign-in name Teams reports decides who may answer', () => {
  let world: World;
  let running: RunningServer;
  beforeEach(async () => {
    world = await createWorld();
    running = await serveWorld(world, { options: { members: teamsMembers } });
  });
  afterEach(async () => {
    await running.stop();
    await world.close();
  });

  /** Fabrikam's user clicks Accept; Teams reports this roster e-mail and user principal name. */
  const accept = async (account: { email: string; userPrincipalName: string }) => {
    const token = await requestFabrikam(world);
    const connector = await fakeConnector({
      id: `29:${fabrikamUser.userId}`,
      name: 'Li Na',
      aadObjectId: fabrikamUser.userId,
      tenantId: fabrikamUser.tenantId,
      ...account,
    });
    try {
      const response = await fetch(`${running.url}/api/messages`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          type: 'invoke',
          name: 'adaptiveCard/action',
          channelId: 'msteams',
          serviceUrl: connector.url,
          id: 'act-accept',
          from: { id: `29:${fabrikamUser.userId}`, aadObjectId: fabrikamUser.userId, name: 'Li Na' },
          recipient: { id: '28:bot', name: 'Reseller Bot' },
          conversation: { id: 'a:conv-li', conversationType: 'personal', tenantId: fabrikamUser.tenantId },
          channelData: { tenant: { id: fabrikamUser.tenantId } },
          locale: 'en-US',
          value: {
            action: {
              type: 'Action.Execute',
              verb: 'invitation.accept',
              data: { token, actionId: 'click-0001', lang: 'en-US' },
            },
          },
        }),
      });
      expect(response.status).to.equal(200);
      expect(connector.asked).to.deep.equal([
        `/v3/conversations/a:conv-li/members/29:${fabrikamUser.userId}`,
      ]);
      return JSON.stringify(await response.json());
    } finally {
      connector.server.close();
    }
  };
  const status = async () =>
    (await world.services.relationships.getRelationship(world.admin, FABRIKAM.partnerId)).status;

  it('refuses a user whose roster e-mail is in the invited domain but whose sign-in name is not', async () => {
    const card = await accept({
      email: 'li.na@fabrikam.example',
      userPrincipalName: 'li.na@elsewhere.example',
    });
    expect(card).to.contain('This invitation was sent to another organisation');
    expect(await status()).to.equal('pending');
  });

  it('accepts a user signed in with a name in the invited domain, whatever the roster e-mail says', async () => {
    const card = await accept({
      email: 'li.na@elsewhere.example',
      userPrincipalName: 'Li.Na@Fabrikam.Example',
    });
    expect(card).to.contain('Relationship accepted');
    expect(await status()).to.equal('active');
  });
});
