import type { TurnContext } from 'botbuilder';
import { errorMessage, resolveLocale, translate } from '../i18n/index.js';
import { isDatabaseUnavailable } from '../services/errors.js';
import type { Logger } from '../services/logger.js';

/**
 * The adapter's last resort: logs the failure with the turn id and tells the user, in their
 * language, that something went wrong (an invoke gets an error body instead of a message). A
 * database that did not answer in time is said so: nothing was changed, try again shortly.
 */
export function turnErrorHandler(logger: Logger) {
  return async (context: TurnContext, error: Error): Promise<void> => {
    const activity = context.activity;
    const unavailable = isDatabaseUnavailable(error);
    logger.error(
      {
        err: error,
        turnId: activity.id,
        activityType: activity.type,
        conversationId: activity.conversation?.id,
      },
      unavailable ? 'turn failed: the database did not answer' : 'turn failed',
    );
    const locale = resolveLocale(activity.locale);
    const message = unavailable
      ? errorMessage(locale, 'database_unavailable')
      : translate(locale, 'bot.error.generic');
    const status = unavailable ? 503 : 500;
    try {
      if (activity.type === 'invoke') {
        await context.sendActivity({
          type: 'invokeResponse',
          value: {
            status,
            body: {
              statusCode: status,
              type: 'application/vnd.microsoft.error',
              value: { code: unavailable ? 'database_unavailable' : 'internal_error', message },
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
