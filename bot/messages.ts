import { CloudAdapter, type Activity, type TurnContext } from 'botbuilder';
import type restify from 'restify';
import { z } from 'zod';
import type { Logger } from '../services/logger.js';

type BotAuthentication = ConstructorParameters<typeof CloudAdapter>[0] & {};
type Authenticated = Awaited<ReturnType<BotAuthentication['authenticateRequest']>>;
type Logic = (context: TurnContext) => Promise<void>;

/**
 * The SDK's adapter with its two steps apart: authenticate the request, then run the turn. Apart,
 * an authentication failure is told from a failing turn without reading error messages, and
 * neither reaches the caller as text (`CloudAdapter.process` sends `err.message` as the body).
 */
export class MessagesAdapter extends CloudAdapter {
  constructor(private readonly authentication: BotAuthentication) {
    super(authentication);
  }

  /** Validates the JWT of the request (in production) and resolves the caller's claims. */
  authenticate(activity: Activity, authHeader: string): Promise<Authenticated> {
    return this.authentication.authenticateRequest(activity, authHeader);
  }

  /** Runs an authenticated activity; answers the invoke response, if the turn left one. */
  run(authenticated: Authenticated, activity: Activity, logic: Logic) {
    return this.processActivity(authenticated, activity, logic);
  }
}

/** The least an activity must be for the SDK to take it (its own check throws a plain Error). */
const activitySchema = z.looseObject({ type: z.string().min(1) });

/**
 * `POST /api/messages` after `requireJson` and the body reader: a body that is not an activity is
 * 400; a request that fails authentication 401 (503 when the signing keys cannot be fetched, so
 * Bot Service retries); a turn that throws 500. The bodies carry a code, never the internal
 * message; the log keeps the detail.
 */
export function messagesHandler(adapter: MessagesAdapter, logic: Logic, logger: Logger) {
  return async (req: restify.Request, res: restify.Response): Promise<void> => {
    const activity = parseActivity(req.body);
    if (!activity) {
      logger.info({ contentLength: req.header('content-length') }, 'refused a body that is not an activity');
      res.send(400, { code: 'malformed_activity' });
      return;
    }
    let authenticated: Authenticated;
    try {
      authenticated = await adapter.authenticate(activity, authorization(req));
    } catch (error) {
      const status = authenticationFailureStatus(error);
      const fields = { err: error, activityId: activity.id, status };
      if (status === 401) logger.warn(fields, 'request not authenticated');
      else logger.error(fields, 'could not check the request: the signing keys did not load');
      res.send(status, { code: status === 401 ? 'unauthorized' : 'authentication_unavailable' });
      return;
    }
    try {
      const invokeResponse = await adapter.run(authenticated, activity, logic);
      res.status(invokeResponse?.status ?? 200);
      if (invokeResponse?.body !== undefined) res.send(invokeResponse.body);
      res.end();
    } catch (error) {
      logger.error({ err: error, activityId: activity.id }, 'activity failed');
      res.send(500, { code: 'internal_error' });
    }
  };
}

/**
 * Refuses every content type but `application/json` with 415, before the body is read. A form
 * post has no other way in.
 */
export const requireJson: restify.RequestHandler = (req, res, next) => {
  const type = (req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    res.send(415, { code: 'unsupported_media_type' });
    next(false);
    return;
  }
  next();
};

function parseActivity(body: unknown): Activity | undefined {
  let parsed: unknown = body;
  if (typeof body === 'string' || Buffer.isBuffer(body)) {
    try {
      parsed = JSON.parse(body.toString());
    } catch {
      return undefined;
    }
  }
  const result = activitySchema.safeParse(parsed);
  return result.success ? (fixDates(result.data) as unknown as Activity) : undefined;
}

/** What the SDK's `validateAndFixActivity` does besides its check: timestamps become Dates. */
function fixDates(activity: Record<string, unknown>): Record<string, unknown> {
  for (const [field, raw] of [
    ['timestamp', 'rawTimestamp'],
    ['expiration', 'rawExpiration'],
    ['localTimestamp', 'rawLocalTimestamp'],
  ] as const) {
    const value = activity[field];
    if (typeof value === 'string') {
      activity[raw] = value;
      activity[field] = new Date(value);
    }
  }
  return activity;
}

function authorization(req: restify.Request): string {
  const header = req.headers.authorization;
  return typeof header === 'string' ? header : '';
}

/**
 * 503 when the check could not be made: the OpenID metadata or the signing keys did not load
 * (the SDK's `AuthenticationError` with a 5xx status, or node-fetch's `FetchError`); 401 for
 * everything else, a token missing, forged, expired or not for this bot.
 */
function authenticationFailureStatus(error: unknown): 401 | 503 {
  if (!(error instanceof Error)) return 401;
  const statusCode = (error as { statusCode?: unknown }).statusCode;
  if (error.name === 'FetchError' || (typeof statusCode === 'number' && statusCode >= 500)) return 503;
  return 401;
}
