import { expect } from 'chai';
import { BotDriver, onlyCard } from './driver.js';
import { activeContoso, visibleText } from './fixtures.js';

describe('bot: the audit trail names what changed', () => {
  let driver: BotDriver;
  beforeEach(async () => {
    driver = await BotDriver.create();
    await activeContoso(driver.world);
    await driver.world.services.commerce.setResellerOfRecord(driver.world.sales, {
      customerId: 'cust-1',
      subscriptionId: 'sub-1',
      partnerId: '1000001',
    });
    await driver.world.services.access.grantRole(driver.world.admin, {
      agentId: 'agent-new',
      role: 'sales',
      displayName: 'Nora New',
    });
  });
  afterEach(async () => driver.close());

  it('shows the reseller with its Partner ID, the subscription and its customer, the agent', async () => {
    const text = visibleText(onlyCard(await driver.say(driver.person(driver.world.admin), 'audit')));
    expect(text).to.contain('Contoso Cloud Partners (Partner ID 1000001)');
    expect(text).to.contain('subscription Microsoft 365 E3 of Wide World Importers');
    expect(text).to.contain('agent Nora New');
    expect(text).not.to.contain('relationship:1000001');
    const zh = visibleText(
      onlyCard(await driver.say(driver.person(driver.world.admin, { locale: 'zh-CN' }), '审核')),
    );
    expect(zh).to.contain('Contoso Cloud Partners（合作伙伴 ID 1000001）');
    expect(zh).to.contain('Wide World Importers 的订阅 Microsoft 365 E3');
  });

  it('puts names and ids in their own CSV columns', async () => {
    const csv = await driver.world.services.audit.exportCsv(driver.world.admin);
    const [header, ...rows] = csv.trimEnd().split('\r\n');
    const columns = (header ?? '').split(',');
    const at = (row: string, name: string) => row.split(',')[columns.indexOf(name)];
    const accepted = rows.find((row) => row.includes(',relationship.accepted,')) ?? '';
    expect(at(accepted, 'reseller_name')).to.equal('Contoso Cloud Partners');
    expect(at(accepted, 'partner_id')).to.equal('1000001');
    const set = rows.find((row) => row.includes(',subscription.reseller_of_record_set,')) ?? '';
    expect(at(set, 'subscription_name')).to.equal('Microsoft 365 E3');
    expect(at(set, 'subscription_id')).to.equal('sub-1');
    expect(at(set, 'customer_name')).to.equal('Wide World Importers');
    expect(at(set, 'customer_id')).to.equal('cust-1');
    expect(at(set, 'reseller_name')).to.equal('Contoso Cloud Partners');
    const granted =
      rows.find((row) => row.includes(',agent.role_granted,') && row.includes('agent-new')) ?? '';
    expect(at(granted, 'agent_name')).to.equal('Nora New');
    expect(at(granted, 'agent_id')).to.equal('agent-new');
  });
});
