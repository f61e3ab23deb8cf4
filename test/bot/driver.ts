import {
  TestAdapter,
  type Activity,
  type AdaptiveCardInvokeResponse,
  type ResourceResponse,
  type TurnContext,
} from 'botbuilder';
import type { Member, MemberLookup } from '../../bot/members.js';
import { ResellerBot } from '../../bot/reseller-bot.js';
import { ConversationStore } from '../../data/conversations/conversation-store.js';
import { PreferenceStore } from '../../data/preferences/preference-store.js';
import type { Actor } from '../../services/actor.js';
import { createLogger } from '../../services/logger.js';
import { createDialogGrants } from '../../web/dialog-grant.js';
import { createExportLinks } from '../../web/export-link.js';
import { createWorld, type World } from '../support/world.js';
import { actionsOf, type FoundAction } from '../cards/validate.js';

/** Someone talking to the bot in Teams: their tenant, Entra object id, and conversation. */
export interface Person {
  tenantId: string;
  userId: string;
  name?: string;
  /** The sign-in address Teams reports for them (`TeamsInfo.getMember`), if any. */
  email?: string;
  conversationId: string;
  /** `personal` (a 1:1 chat with the bot) unless said otherwise. */
  conversationType?: 'personal' | 'groupChat' | 'channel';
  locale?: string;
}

/** A TestAdapter that also records the activities the bot replaced (Action.Submit answers, shared cards). */
class RecordingAdapter extends TestAdapter {
  readonly updated: Partial<Activity>[] = [];
  /** When set, Teams refuses every update (the bot must carry on). */
  failUpdates = false;
  override async updateActivity(
    context: TurnContext,
    activity: Partial<Activity>,
  ): Promise<ResourceResponse | void> {
    if (this.failUpdates) throw new Error('Teams refused the update');
    this.updated.push(activity);
    return super.updateActivity(context, activity);
  }
}

/** Stands in for Teams' member lookup: answers what the driven persons say about themselves. */
class FakeMembers implements MemberLookup {
  readonly known = new Map<string, Member>();
  /** The Entra object ids asked about, in order. */
  readonly asked: string[] = [];
  async member(context: TurnContext): Promise<Member | undefined> {
    const userId = context.activity.from?.aadObjectId ?? '';
    this.asked.push(userId);
    return this.known.get(userId);
  }
}

export interface TurnResult {
  sent: Partial<Activity>[];
  updated: Partial<Activity>[];
}

export const BOT_ID = '28:reseller-bot';
/** The export link secret of the driven bot; a server started with it accepts the bot's links. */
export const EXPORT_LINK_SECRET = 'test-export-link-secret-0123456789abcdef';
/** PUBLIC_BASE_URL of the driven bot (the world's). */
export const PUBLIC_BASE_URL = 'https://bot.example.test';

/** Drives the real bot (real services, real database) with Teams-shaped activities. */
export class BotDriver {
  readonly adapter: RecordingAdapter;
  readonly bot: ResellerBot;
  readonly conversations: ConversationStore;
  readonly preferences: PreferenceStore;
  readonly members = new FakeMembers();
  private sequence = 0;

  private constructor(readonly world: World) {
    this.conversations = new ConversationStore(world.database.db);
    this.preferences = new PreferenceStore(world.database.db);
    this.bot = new ResellerBot({
      services: world.services,
      preferences: this.preferences,
      conversations: this.conversations,
      members: this.members,
      exportLinks: createExportLinks({
        secret: EXPORT_LINK_SECRET,
        baseUrl: PUBLIC_BASE_URL,
        clock: world.clock,
      }),
      logger: createLogger('silent'),
      dialogs: {
        grants: createDialogGrants({ secret: EXPORT_LINK_SECRET, clock: world.clock }),
        baseUrl: PUBLIC_BASE_URL,
      },
    });
    this.adapter = new RecordingAdapter(async (context) => this.bot.run(context));
  }

  static async create(options: { uri?: string } = {}): Promise<BotDriver> {
    return new BotDriver(await createWorld(options));
  }

  close(): Promise<void> {
    return this.world.close();
  }

  /** The Teams person behind a test actor, in a 1:1 chat of their own. */
  person(actor: Actor, extra: Partial<Person> = {}): Person {
    return {
      tenantId: actor.tenantId,
      userId: actor.agentId,
      ...(actor.displayName ? { name: actor.displayName } : {}),
      conversationId: `a:personal-${actor.tenantId}-${actor.agentId}`,
      locale: 'en-US',
      ...extra,
    };
  }

  /** The same person in a group chat (or channel) with others and the bot. */
  inShared(
    person: Person,
    conversationType: 'groupChat' | 'channel' = 'groupChat',
    conversationId = '19:shared-1@thread.v2',
  ): Person {
    return { ...person, conversationType, conversationId };
  }

  activity(person: Person, fields: Partial<Activity>): Partial<Activity> {
    this.sequence += 1;
    const conversationType = person.conversationType ?? 'personal';
    this.members.known.set(person.userId, {
      ...(person.name ? { name: person.name } : {}),
      ...(person.email ? { signInName: person.email } : {}),
    });
    return {
      id: `activity-${this.sequence}`,
      channelId: 'msteams',
      serviceUrl: 'https://smba.example.test/emea/',
      from: { id: `29:${person.userId}`, aadObjectId: person.userId, name: person.name ?? '' },
      recipient: { id: BOT_ID, name: 'Reseller Bot' },
      conversation: {
        id: person.conversationId,
        conversationType,
        tenantId: person.tenantId,
        isGroup: conversationType !== 'personal',
        name: '',
      },
      channelData: { tenant: { id: person.tenantId } },
      locale: person.locale ?? 'en-US',
      ...fields,
    };
  }

  /** Sends any activity and returns what the bot sent and replaced during that turn. */
  async process(activity: Partial<Activity>): Promise<TurnResult> {
    this.adapter.activeQueue.splice(0);
    const updatedBefore = this.adapter.updated.length;
    await this.adapter.processActivity(activity);
    return { sent: this.adapter.activeQueue.splice(0), updated: this.adapter.updated.slice(updatedBefore) };
  }

  /** The user types a message. */
  say(person: Person, text: string, fields: Partial<Activity> = {}): Promise<TurnResult> {
    return this.process(this.activity(person, { type: 'message', text, ...fields }));
  }

  /**
   * Action.Execute: an `adaptiveCard/action` invoke (`fields`, e.g. the clicked message's
   * `replyToId`, added); returns the invoke response the client gets, and what else the bot sent
   * and replaced.
   */
  async invoke(
    person: Person,
    verb: unknown,
    data: unknown,
    fields: Partial<Activity> = {},
  ): Promise<{
    response: AdaptiveCardInvokeResponse;
    sent: Partial<Activity>[];
    updated: Partial<Activity>[];
  }> {
    const { sent, updated } = await this.process(
      this.activity(person, {
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: { action: { type: 'Action.Execute', verb, data } },
        ...fields,
      }),
    );
    const reply = sent.find((activity) => activity.type === 'invokeResponse');
    if (!reply) throw new Error('no invoke response');
    const { status, body } = reply.value as { status: number; body: AdaptiveCardInvokeResponse };
    if (status !== body.statusCode)
      throw new Error(`HTTP status ${status} differs from statusCode ${body.statusCode}`);
    return {
      response: body,
      sent: sent.filter((activity) => activity.type !== 'invokeResponse'),
      updated,
    };
  }

  /** Clicks the action with this verb (and title, if several) on a card, with the inputs the user filled in. */
  async click(
    person: Person,
    card: unknown,
    verb: string,
    inputs: Record<string, unknown> = {},
    title?: string,
  ): Promise<AdaptiveCardInvokeResponse> {
    const action = findAction(card, verb, title);
    return (await this.invoke(person, action.verb, { ...action.data, ...inputs })).response;
  }

  /** Action.Submit: a message whose value is the action data plus inputs, replying to the card's message. */
  submit(person: Person, value: Record<string, unknown>, replyToId?: string): Promise<TurnResult> {
    return this.process(
      this.activity(person, { type: 'message', value, ...(replyToId ? { replyToId } : {}) }),
    );
  }
}

/** The action with this verb (and title) on a card; fails the test when the card has none. */
export function findAction(card: unknown, verb: string, title?: string): FoundAction {
  const matches = actionsOf(card).filter(
    (action) => action.verb === verb && (!title || action.title === title),
  );
  const found = matches[0];
  if (!found) {
    const available = actionsOf(card).map((a) => `${a.verb ?? a.type} "${a.title}"`);
    throw new Error(
      `no ${verb}${title ? ` "${title}"` : ''} action on the card; it has ${available.join(', ')}`,
    );
  }
  return found;
}

/** The Adaptive Cards among sent activities, in order. */
export function cardsIn(activities: Partial<Activity>[]): Record<string, unknown>[] {
  return activities.flatMap((activity) =>
    (activity.attachments ?? [])
      .filter((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')
      .map((a) => a.content as Record<string, unknown>),
  );
}

/** The one card a turn sent; fails when there is not exactly one. */
export function onlyCard(result: TurnResult): Record<string, unknown> {
  const cards = cardsIn(result.sent);
  if (cards.length !== 1)
    throw new Error(`expected one card, got ${cards.length}: ${JSON.stringify(result.sent).slice(0, 300)}`);
  return cards[0] as Record<string, unknown>;
}
