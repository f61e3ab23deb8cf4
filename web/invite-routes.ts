import { randomUUID } from 'node:crypto';
import restify from 'restify';
import { errorMessage, translate, type Locale } from '../i18n/index.js';
import type { App } from '../services/compose.js';
import { isAppError, type AppError } from '../services/errors.js';
import type { Logger } from '../services/logger.js';
import { hashInvitationToken } from '../services/relationships/invitation-draft.js';
import {
  cookie,
  readCookie,
  SESSION_COOKIE,
  SESSION_MINUTES,
  SIGN_IN_COOKIE,
  SIGN_IN_MINUTES,
  type InviteSeals,
  type InviteSession,
  type PageResellerUser,
} from './invite-session.js';
import {
  localeFromAcceptLanguage,
  renderInvitePage,
  type AnswerPanel,
  type InvitePageContent,
} from './invite-page.js';
import type { LocalUser } from './local-users.js';
import { SIGN_IN_CALLBACK_PATH, type ResellerSignIn } from './reseller-signin.js';

/** The invitation page: strict CSP (styles only from the bot, no script), forms post only to it. */
const INVITE_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  // The URL holds the token: never send it on as a Referer.
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy':
    "default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
};
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export interface InviteRouteDeps {
  app: App;
  logger: Logger;
  seals: InviteSeals;
  /** Production: the reseller's Entra sign-in. */
  signIn?: ResellerSignIn;
  /** Local mode: the reseller's Playground user answers (no sign-in). */
  localReseller?: LocalUser;
  botAppId?: string;
  /** Cookies only over https (when the public base URL is https). */
  secureCookies: boolean;
}

/**
 * `GET /invite/<token>` (the request; Accept / Decline for who is signed in), `POST` of the same
 * address (the answer: CSRF token, session bound to this invitation, idempotency key of the
 * form), `GET /invite/<token>/sign-in` and the Entra callback. Same service calls, refusals and
 * outcome texts as the card buttons.
 */
export function registerInvitePage(server: restify.Server, deps: InviteRouteDeps): void {
  const { app, logger, seals, signIn } = deps;
  const cookieOptions = (minutes: number) => ({ secure: deps.secureCookies, maxAgeSeconds: minutes * 60 });

  const send = (
    res: restify.Response,
    status: number,
    locale: Locale,
    content: InvitePageContent,
    answer?: AnswerPanel,
    setCookies: string[] = [],
  ) => {
    res.writeHead(status, {
      ...INVITE_HEADERS,
      'Content-Language': locale,
      ...(setCookies.length > 0 ? { 'Set-Cookie': setCookies } : {}),
    });
    res.end(
      renderInvitePage(content, {
        locale,
        ...(deps.botAppId ? { botAppId: deps.botAppId } : {}),
        ...(answer ? { answer } : {}),
      }),
    );
  };

  /** The signed-in session for this invitation; in local mode one for the Playground's reseller. */
  const sessionFor = (
    req: restify.Request,
    token: string,
  ): { session?: InviteSession; setCookie?: string } => {
    const tokenHash = hashInvitationToken(token);
    const existing = seals.openSession(readCookie(req.header('cookie'), SESSION_COOKIE), tokenHash);
    if (existing) return { session: existing };
    const local = deps.localReseller;
    if (signIn || !local) return {};
    const user: PageResellerUser = {
      userId: local.userId,
      entraTenantId: local.tenantId,
      name: local.name,
      ...(local.userPrincipalName ? { email: local.userPrincipalName } : {}),
    };
    const { value, session } = seals.sealSession({ tokenHash, user });
    return { session, setCookie: cookie(SESSION_COOKIE, value, cookieOptions(SESSION_MINUTES)) };
  };

  const panelFor = (
    token: string,
    session: InviteSession | undefined,
    failed = false,
  ): AnswerPanel | undefined => {
    if (session) {
      return {
        kind: 'form',
        token,
        csrf: seals.csrf(session),
        actionId: randomUUID(),
        who: {
          name: session.user.name ?? session.user.userId,
          account: session.user.email ?? session.user.entraTenantId,
        },
        local: !signIn,
        ...(signIn ? { switchUrl: `/invite/${token}/sign-in` } : {}),
      };
    }
    return signIn ? { kind: 'sign-in', url: `/invite/${token}/sign-in`, failed } : undefined;
  };

  /** The invitation as it stands (with a refusal's reason), or the reason alone for a bad link. */
  const showInvitation = async (
    req: restify.Request,
    res: restify.Response,
    token: string,
    refusal?: AppError,
  ) => {
    const locale = localeFromAcceptLanguage(req.header('accept-language'));
    try {
      const view = await app.services.invitations.open(token);
      const { session, setCookie } = sessionFor(req, token);
      const failed = new URL(req.url ?? '', 'http://localhost').searchParams.has('signInFailed');
      const content: InvitePageContent = {
        kind: 'invitation',
        view,
        token,
        ...(refusal ? { refusal: errorMessage(locale, refusal.code, refusal.params) } : {}),
      };
      send(
        res,
        refusal ? 409 : 200,
        locale,
        content,
        panelFor(token, session, failed),
        setCookie ? [setCookie] : [],
      );
    } catch (error) {
      sendError(res, locale, error);
    }
  };

  const sendError = (res: restify.Response, locale: Locale, error: unknown) => {
    if (isAppError(error)) {
      const status = error.code === 'invitation_unknown' ? 404 : 400;
      send(res, status, locale, { kind: 'error', message: errorMessage(locale, error.code, error.params) });
      return;
    }
    logger.error({ err: error }, 'invitation page failed');
    send(res, 500, locale, { kind: 'error', message: errorMessage(locale, 'external_unavailable') });
  };

  server.get('/invite/:token', async (req: restify.Request, res: restify.Response) => {
    await showInvitation(req, res, String(req.params?.token ?? ''));
  });

  const readForm = [
    restify.plugins.bodyReader({ maxBodySize: 4096 }),
    restify.plugins.urlEncodedBodyParser({ mapParams: false }),
  ].flat();
  server.post('/invite/:token', ...readForm, async (req: restify.Request, res: restify.Response) => {
    const locale = localeFromAcceptLanguage(req.header('accept-language'));
    const token = String(req.params?.token ?? '');
    const form = (req.body ?? {}) as Record<string, unknown>;
    const origin = req.header('origin');
    // The form's CSRF token decides; a browser's Origin, when it sends one, must be this host too.
    const crossSite = origin && origin !== 'null' && new URL(origin).host !== req.header('host');
    const tokenHash = TOKEN.test(token) ? hashInvitationToken(token) : '';
    const session = seals.openSession(readCookie(req.header('cookie'), SESSION_COOKIE), tokenHash);
    const answer = form.answer === 'accept' || form.answer === 'decline' ? form.answer : undefined;
    const actionId =
      typeof form.actionId === 'string' && /^[0-9a-f-]{36}$/.test(form.actionId) ? form.actionId : undefined;
    if (crossSite || !session || !seals.checkCsrf(session, form.csrf) || !answer || !actionId) {
      logger.info(
        { crossSite: Boolean(crossSite), session: Boolean(session) },
        'invitation answer refused: form not from this page',
      );
      try {
        const view = await app.services.invitations.open(token);
        const fresh = sessionFor(req, token);
        const refusal = translate(locale, 'invitePage.expiredForm');
        const content: InvitePageContent = { kind: 'invitation', view, token, refusal };
        send(
          res,
          403,
          locale,
          content,
          panelFor(token, fresh.session),
          fresh.setCookie ? [fresh.setCookie] : [],
        );
      } catch (error) {
        sendError(res, locale, error);
      }
      return;
    }
    const input = { token, user: session.user };
    const key = `page-${actionId}`;
    try {
      const view =
        answer === 'accept'
          ? await app.services.invitations.accept(input, key)
          : await app.services.invitations.decline(input, key);
      logger.info({ status: view.status }, 'invitation answered on the page');
      send(res, 200, locale, { kind: 'outcome', view });
    } catch (error) {
      if (isAppError(error) && error.code !== 'invitation_unknown') {
        await showInvitation(req, res, token, error);
        return;
      }
      sendError(res, locale, error);
    }
  });

  server.get('/invite/:token/sign-in', async (req: restify.Request, res: restify.Response) => {
    const token = String(req.params?.token ?? '');
    if (!signIn || !TOKEN.test(token)) {
      res.redirect(303, `/invite/${encodeURIComponent(token)}`, () => undefined);
      return;
    }
    try {
      const { url, pending } = await signIn.start(token);
      res.writeHead(302, {
        Location: url,
        'Cache-Control': 'no-store',
        'Referrer-Policy': 'no-referrer',
        'Set-Cookie': cookie(SIGN_IN_COOKIE, seals.sealSignIn(pending), cookieOptions(SIGN_IN_MINUTES)),
      });
      res.end();
    } catch (error) {
      logger.error({ err: error }, 'reseller sign-in could not start');
      sendError(res, localeFromAcceptLanguage(req.header('accept-language')), error);
    }
  });

  server.get(SIGN_IN_CALLBACK_PATH, async (req: restify.Request, res: restify.Response) => {
    const query = new URL(req.url ?? '', 'http://localhost').searchParams;
    const pending = seals.openSignIn(readCookie(req.header('cookie'), SIGN_IN_COOKIE));
    const clearSignIn = cookie(SIGN_IN_COOKIE, '', { secure: deps.secureCookies, maxAgeSeconds: 0 });
    const back = (token: string, cookies: string[], failed: boolean) => {
      res.writeHead(303, {
        Location: `/invite/${token}${failed ? '?signInFailed=1' : ''}`,
        'Cache-Control': 'no-store',
        'Referrer-Policy': 'no-referrer',
        'Set-Cookie': cookies,
      });
      res.end();
    };
    const code = query.get('code');
    if (!signIn || !pending || query.get('state') !== pending.state || !code) {
      logger.warn(
        { error: query.get('error') ?? undefined, pending: Boolean(pending) },
        'reseller sign-in refused',
      );
      if (pending) back(pending.token, [clearSignIn], true);
      else {
        const locale = localeFromAcceptLanguage(req.header('accept-language'));
        send(res, 400, locale, { kind: 'error', message: translate(locale, 'invitePage.signInFailed') });
      }
      return;
    }
    try {
      const user = await signIn.finish(code, query.get('state') ?? '', pending);
      const { value } = seals.sealSession({ tokenHash: hashInvitationToken(pending.token), user });
      logger.info({ entraTenantId: user.entraTenantId }, 'reseller signed in on the invitation page');
      back(
        pending.token,
        [clearSignIn, cookie(SESSION_COOKIE, value, cookieOptions(SESSION_MINUTES))],
        false,
      );
    } catch (error) {
      logger.warn({ err: error }, 'reseller sign-in failed');
      back(pending.token, [clearSignIn], true);
    }
  });
}
