import type { TurnContext } from 'botbuilder';
import { resolveLocale, translate } from '../i18n/index.js';
import type { Logger } from '../services/logger.js';

/**
 * The adapter's last resort: logs the failure with the turn id and tells the user, in their
 * language, that something went wrong (an invoke gets a 500 error body instead of a message).
 */
export function turnErrorHandler(logger: Logger) {
  return async (context: TurnContext, error: Error): Promise<void> => {
    const activity = context.activity;
    logger.error(
      {
        err: error,
        turnId: activity.id,
        activityType: activity.type,
        conversationId: activity.conversation?.id,
      },
      'turn failed',
    );
    const message = translate(resolveLocale(activity.locale), 'bot.error.generic');
    try {
      if (activity.type === 'invoke') {
        await context.sendActivity({
          type: 'invokeResponse',
          value: {
            status: 500,
            body: {
              statusCode: 500,
              type: 'application/vnd.microsoft.error',
              value: { code: 'internal_error', message },
            },
          },
        });
      } else {
        await context.sendActivity(message);
      }
    } catch (sendError) {
      logger.error({ err: sendError, turnId: activity.id }, 'could not report the failure to the user');
    }
  };
}
