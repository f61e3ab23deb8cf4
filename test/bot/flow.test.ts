import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { Locale } from '../../i18n/index.js';
import { actionsOf, cardProblems } from '../cards/validate.js';
import { BotDriver, findAction, onlyCard } from './driver.js';
import { cardOf, CONTOSO, contosoUser, eventsOf, visibleText, withSubscription } from './fixtures.js';

/** What each step shows, per language. */
const SEES: Record<Locale, Record<string, string>> = {
  'en-US': {
    form: 'Request a relationship with an indirect reseller',
    draft: 'Relationship request to Contoso Cloud Partners',
    sent: 'Request sent',
    invitation: 'Adatum Distribution invites you',
    accepted: 'Relationship accepted',
    picker: 'Indirect reseller not in the list?',
    unrelated: 'Fabrikam Solutions (1000002) is a valid indirect reseller, but it has no active relationship',
    saved: 'is now the reseller of Microsoft 365 E3',
    removal: 'I confirm this removal is for a legitimate business purpose.',
    removed: 'Relationship removed',
    empty: 'You have no active indirect resellers yet.',
  },
  'zh-CN': {
    form: '向间接经销商请求合作关系',
    draft: '发给 Contoso Cloud Partners 的合作关系请求',
    sent: '请求已发送',
    invitation: 'Adatum Distribution 邀请你建立 CSP 间接经销商合作关系',
    accepted: '已接受合作关系',
    picker: '不在列表中的间接经销商？',
    unrelated: 'Fabrikam Solutions (1000002) 是有效的间接经销商，但与你没有有效的合作关系',
    saved: '现在是 Microsoft 365 E3 (sub-1) 的经销商',
    removal: '我确认此次删除出于合法的业务目的。',
    removed: '已删除合作关系',
    empty: '你还没有有效的间接经销商。',
  },
};

describe('bot: the whole flow, as the users see it', () => {
  for (const locale of ['en-US', 'zh-CN'] as const) {
    it(`${locale}: invite → the reseller accepts → pick it for a subscription → remove it`, async () => {
      const driver = await BotDriver.create();
      try {
        const sees = SEES[locale];
        const { world } = driver;
        await withSubscription(world);
        const admin = driver.person(world.admin, { locale });
        const reseller = { ...contosoUser, locale };
        const seen = (card: Record<string, unknown>, what: string) => {
          expect(cardProblems(card), what).to.deep.equal([]);
          expect(visibleText(card), what).to.contain(sees[what]);
          return card;
        };

        // The admin requests the relationship and sends the e-mail.
        const form = seen(
          onlyCard(await driver.say(admin, locale === 'zh-CN' ? '请求合作关系' : 'invite')),
          'form',
        );
        const draft = seen(
          cardOf(
            await driver.click(admin, form, 'request.create', {
              resellerEmail: 'owner@contoso.example',
              partnerId: CONTOSO.partnerId,
            }),
          ),
          'draft',
        );
        const done = findAction(draft, 'draft.done');
        const link = String(done.data.link);
        const body = String(
          JSON.stringify(draft).match(/"id":"body"[^}]*"value":"((?:[^"\\]|\\.)*)"/)?.[1] ?? '',
        );
        const subject = 'Adatum × Contoso';
        seen(
          cardOf(
            (await driver.invoke(admin, done.verb, { ...done.data, subject, body: JSON.parse(`"${body}"`) }))
              .response,
          ),
          'sent',
        );

        // The reseller's user, in its own tenant and chat, opens the link's invitation and accepts.
        const token = link.split('/invite/')[1] ?? '';
        const invitation = seen(onlyCard(await driver.say(reseller, `invite ${token}`)), 'invitation');
        seen(cardOf(await driver.click(reseller, invitation, 'invitation.accept')), 'accepted');

        // The admin picks Contoso for the subscription, after trying one not in the list.
        const picker = seen(
          onlyCard(
            await driver.say(admin, locale === 'zh-CN' ? '订阅 cust-1 sub-1' : 'subscription cust-1 sub-1'),
          ),
          'picker',
        );
        seen(
          cardOf(await driver.click(admin, picker, 'picker.verify', { manualPartnerId: '1000002' })),
          'unrelated',
        );
        seen(
          cardOf(await driver.click(admin, picker, 'picker.submit', { choice: CONTOSO.partnerId })),
          'saved',
        );
        expect(
          (
            await world.commerce.getSubscription('tenant-a', {
              customerId: 'cust-1',
              subscriptionId: 'sub-1',
            })
          )?.partnerId,
        ).to.equal(CONTOSO.partnerId);

        // The admin removes Contoso with the confirmation.
        const removal = seen(
          onlyCard(await driver.say(admin, locale === 'zh-CN' ? '删除 1000001' : 'remove 1000001')),
          'removal',
        );
        seen(
          cardOf(await driver.click(admin, removal, 'removal.confirm', { attestation: 'true' })),
          'removed',
        );
        seen(onlyCard(await driver.say(admin, locale === 'zh-CN' ? '经销商' : 'resellers')), 'empty');

        expect(await eventsOf(world, `relationship:${CONTOSO.partnerId}`)).to.deep.equal([
          'relationship.requested',
          'relationship.request_sent',
          'relationship.accepted',
          // The reseller-of-record change, ordered against the relationship: intent, then outcome.
          'transaction.started',
          'transaction.completed',
          'relationship.removed',
        ]);
        // The old Submit replays its first answer (same action id); a new one is refused.
        seen(
          cardOf(await driver.click(admin, picker, 'picker.submit', { choice: CONTOSO.partnerId })),
          'saved',
        );
        const fresh = onlyCard(await driver.say(admin, 'subscription cust-1 sub-1'));
        expect(actionsOf(fresh).map((a) => a.verb)).not.to.include('picker.submit');
        const submit = {
          ...findAction(picker, 'picker.submit').data,
          actionId: randomUUID(),
          choice: CONTOSO.partnerId,
        };
        const refused = cardOf((await driver.invoke(admin, 'picker.submit', submit)).response);
        expect(JSON.stringify(refused)).to.contain('"color":"attention"');
      } finally {
        await driver.close();
      }
    });
  }
});
