import {
  notificationsCard,
  notificationsFailedCard,
  notificationTypesCard,
} from '../../cards/notifications.js';
import type { MessageKey } from '../../i18n/index.js';
import { route, type RouteTable } from '../route.js';
import type { Reply, Turn } from '../turn.js';

type NotificationVerbs =
  | 'notifications.show'
  | 'notifications.addMe'
  | 'notifications.addChannel'
  | 'notifications.remove'
  | 'notifications.types'
  | 'notifications.saveTypes'
  | 'notifications.failed'
  | 'notifications.retry'
  | 'notifications.dismiss';

async function overview(turn: Turn, notice?: MessageKey): Promise<Reply> {
  const data = await turn.services.notifications.overview(turn.actor);
  return {
    card: notificationsCard({ ...data, callerId: turn.actor.agentId }, turn.ui, {
      inChannel: turn.conversation.type === 'channel',
      ...(notice ? { notice: turn.ui.t(notice) } : {}),
    }),
  };
}

async function failed(turn: Turn, notice?: MessageKey): Promise<Reply> {
  const jobs = await turn.services.deadLetters.list(turn.actor);
  return { card: notificationsFailedCard(jobs, turn.ui, notice ? turn.ui.t(notice) : undefined) };
}

/** Manager subscriptions (who hears about what) and the notifications that could not be delivered. */
export const notificationRoutes: Pick<RouteTable, NotificationVerbs> = {
  'notifications.show': route('notifications.show', { handle: (turn) => overview(turn) }),
  'notifications.addMe': route('notifications.addMe', {
    handle: async (turn, { actionId }) => {
      await turn.services.notifications.addPerson(turn.actor, {}, actionId);
      return overview(turn, 'notifications.added');
    },
  }),
  'notifications.addChannel': route('notifications.addChannel', {
    // The channel is the one the click came from, never one named in the card's data.
    handle: async (turn, { actionId }) => {
      const { id, type, name } = turn.conversation;
      await turn.services.notifications.addChannel(
        turn.actor,
        { conversationId: id, conversationType: type, ...(name ? { name } : {}) },
        actionId,
      );
      return overview(turn, 'notifications.added');
    },
  }),
  'notifications.remove': route('notifications.remove', {
    handle: async (turn, { actionId, recipientId }) => {
      await turn.services.notifications.remove(turn.actor, { recipientId }, actionId);
      return overview(turn, 'notifications.removed');
    },
  }),
  'notifications.types': route('notifications.types', {
    handle: async (turn, { recipientId }) => ({
      card: notificationTypesCard(
        await turn.services.notifications.get(turn.actor, { recipientId }),
        turn.ui,
      ),
    }),
  }),
  'notifications.saveTypes': route('notifications.saveTypes', {
    handle: async (turn, { actionId, recipientId, types }) => {
      const picked = types
        .split(',')
        .map((type) => type.trim())
        .filter(Boolean);
      await turn.services.notifications.setTypes(turn.actor, { recipientId, types: picked }, actionId);
      return overview(turn, 'notifications.typesSaved');
    },
    refused: async (turn, { recipientId }, error) => {
      if (error.code !== 'notification_types_required') return undefined;
      const subscription = await turn.services.notifications.get(turn.actor, { recipientId });
      return {
        card: notificationTypesCard(subscription, turn.ui, turn.ui.t('error.notification_types_required')),
      };
    },
  }),
  'notifications.failed': route('notifications.failed', { handle: (turn) => failed(turn) }),
  'notifications.retry': route('notifications.retry', {
    handle: async (turn, { jobId }) => {
      await turn.services.deadLetters.retry(turn.actor, { jobId });
      return failed(turn, 'notifications.retried');
    },
  }),
  'notifications.dismiss': route('notifications.dismiss', {
    handle: async (turn, { jobId }) => {
      await turn.services.deadLetters.dismiss(turn.actor, { jobId });
      return failed(turn, 'notifications.dismissed');
    },
  }),
};
