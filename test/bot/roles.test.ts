import { expect } from 'chai';
import { actionsOf, cardProblems } from '../cards/validate.js';
import { BotDriver, findAction, onlyCard } from './driver.js';
import { cardOf, errorOf, visibleText } from './fixtures.js';

describe('bot: agent roles from Teams (admin only)', () => {
  let driver: BotDriver;
  beforeEach(async () => (driver = await BotDriver.create()));
  afterEach(async () => driver.close());

  const admin = () => driver.person(driver.world.admin);
  const rolesOf = async (agentId: string) =>
    (await driver.world.services.access.rolesOf({ tenantId: 'tenant-a', agentId })).sort();
  const changeButton = (card: Record<string, unknown>, agentId: string, role: string) => {
    const found = actionsOf(card).find(
      (a) => a.verb === 'roles.change' && a.data.agentId === agentId && a.data.role === role,
    );
    if (!found) throw new Error(`no button for ${agentId} ${role}`);
    return found;
  };

  it('lists the provider’s agents with their roles, from the role card', async () => {
    const role = onlyCard(await driver.say(admin(), 'role'));
    const card = cardOf(await driver.click(admin(), role, 'roles.manage'));
    expect(cardProblems(card)).to.deep.equal([]);
    const text = visibleText(card);
    expect(text).to.contain('Agent roles').and.contain('Ada Admin (you)');
    expect(text).to.contain('Sales agent');
    // Another provider's agents are not listed.
    expect(text).not.to.contain('agent-admin-b');
    const zh = visibleText(
      onlyCard(await driver.say(driver.person(driver.world.admin, { locale: 'zh-CN' }), '角色管理')),
    );
    expect(zh).to.contain('代理角色');
  });

  it('grants and revokes a role; each change is in the audit trail', async () => {
    const card = onlyCard(await driver.say(admin(), 'roles'));
    const salesId = driver.world.sales.agentId;
    const granted = cardOf(
      await driver
        .invoke(admin(), 'roles.change', changeButton(card, salesId, 'admin').data)
        .then((r) => r.response),
    );
    expect(visibleText(granted)).to.match(/is now Admin agent\./);
    expect(await rolesOf(salesId)).to.deep.equal(['admin', 'sales']);
    const revoked = cardOf(
      await driver
        .invoke(admin(), 'roles.change', changeButton(granted, salesId, 'sales').data)
        .then((r) => r.response),
    );
    expect(visibleText(revoked)).to.match(/is no longer Sales agent\./);
    expect(await rolesOf(salesId)).to.deep.equal(['admin']);
    const audit = await driver.world.services.audit.page(driver.world.admin, { subject: `agent:${salesId}` });
    expect(audit.entries.map((entry) => entry.type).slice(0, 2)).to.deep.equal([
      'agent.role_revoked',
      'agent.role_granted',
    ]);
    expect(audit.entries[0]?.actor.id).to.equal(driver.world.admin.agentId);
  });

  it('gives a role to someone not listed, by Entra object id', async () => {
    const card = onlyCard(await driver.say(admin(), 'roles'));
    const answer = cardOf(
      await driver.click(admin(), card, 'roles.add', {
        newAgentId: '3f0c2b1e-0000-4000-8000-000000000001',
        newName: 'Nora New',
        newRole: 'helpdesk',
      }),
    );
    expect(visibleText(answer)).to.contain('Nora New is now Helpdesk agent.');
    expect(await rolesOf('3f0c2b1e-0000-4000-8000-000000000001')).to.deep.equal(['helpdesk']);
    const bad = cardOf(await driver.click(admin(), card, 'roles.add', { newAgentId: '', newRole: 'sales' }));
    expect(visibleText(bad)).to.contain('The Entra object id is not valid');
  });

  it('never removes the last admin, and says so on the card', async () => {
    const card = onlyCard(await driver.say(admin(), 'roles'));
    const answer = cardOf(
      await driver.click(
        admin(),
        card,
        'roles.change',
        changeButton(card, driver.world.admin.agentId, 'admin').data,
      ),
    );
    expect(visibleText(answer)).to.contain('Your organisation needs at least one admin agent');
    expect(await rolesOf(driver.world.admin.agentId)).to.deep.equal(['admin']);
  });

  it('refuses sales and helpdesk agents, who get no button either', async () => {
    const sales = driver.person(driver.world.sales);
    const role = onlyCard(await driver.say(sales, 'role'));
    expect(actionsOf(role).map((a) => a.verb)).not.to.include('roles.manage');
    const refused = await driver.say(sales, 'roles');
    expect(visibleText(onlyCard(refused))).to.contain('Your role does not allow this');
    const adminCard = onlyCard(await driver.say(admin(), 'roles'));
    errorOf(
      await driver.click(
        sales,
        adminCard,
        'roles.change',
        changeButton(adminCard, driver.world.sales.agentId, 'admin').data,
      ),
      'not_authorised',
    );
    expect(await rolesOf(driver.world.sales.agentId)).to.deep.equal(['sales']);
    expect(findAction(adminCard, 'roles.add')).to.not.equal(undefined);
  });
});
