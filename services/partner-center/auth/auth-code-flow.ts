import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CryptoProvider, type AuthenticationResult, type PublicClientApplication } from '@azure/msal-node';
import { AppError } from '../../errors.js';

/** What the authorization-code sign-in needs from its caller. */
export interface AuthCodeOptions {
  /** Shows (or opens) the sign-in address; the flow waits for the browser to come back. */
  onUrl(url: string): void | Promise<void>;
  /** How long the admin has to sign in; default 5 minutes. */
  timeoutMs?: number;
}

const PAGE = (title: string, text: string): string =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head>` +
  `<body style="font-family:sans-serif;margin:3em"><h1>${title}</h1><p>${text}</p></body></html>`;

/**
 * The authorization-code flow with PKCE for a public client, on a loopback listener: a server
 * on 127.0.0.1 (a port the system picks) is the redirect URI; MSAL builds the sign-in address
 * (`getAuthCodeUrl`, with the S256 code challenge and a random state) and exchanges the code
 * (`acquireTokenByCode`, with the code verifier). A redirect whose state is not ours is refused
 * and the flow keeps waiting for the right one. The listener is closed whatever the outcome.
 * https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow
 * https://learn.microsoft.com/en-us/entra/msal/javascript/node/request#authorization-code-flow
 * https://learn.microsoft.com/en-us/entra/identity-platform/reply-url#localhost-exceptions
 */
export async function signInWithAuthCode(
  app: PublicClientApplication,
  scopes: string[],
  options: AuthCodeOptions,
): Promise<AuthenticationResult> {
  const crypto = new CryptoProvider();
  const pkce = await crypto.generatePkceCodes();
  const state = crypto.createNewGuid();
  let settle: { resolve(code: string): void; reject(error: Error): void } | undefined;
  const codeArrived = new Promise<string>((resolve, reject) => (settle = { resolve, reject }));
  codeArrived.catch(() => {}); // awaited below; a timeout while the URL is being shown is not unhandled
  const server = createServer((req, res) => answer(req, res));
  const answer = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const reply = (status: number, title: string, text: string) => {
      res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(PAGE(title, text));
    };
    if (url.pathname !== '/' || url.searchParams.get('state') !== state) {
      // Not the answer to our request (another tab, a forged redirect): keep waiting.
      return reply(400, 'Sign-in not recognised', 'This answer is not for this sign-in. 此登录应答无效。');
    }
    const error = url.searchParams.get('error');
    const code = url.searchParams.get('code');
    if (error || !code) {
      reply(400, 'Sign-in refused', 'The sign-in did not complete. 登录未完成。');
      return settle?.reject(new AuthCodeError(error ?? 'no_code'));
    }
    reply(
      200,
      'Signed in',
      'You can close this window and return to the terminal. 登录成功：可以关闭此窗口并返回终端。',
    );
    settle?.resolve(code);
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const redirectUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const timer = setTimeout(
    () => settle?.reject(new AuthCodeError('timed_out')),
    options.timeoutMs ?? 5 * 60_000,
  );
  try {
    const url = await app.getAuthCodeUrl({
      scopes,
      redirectUri,
      codeChallenge: pkce.challenge,
      codeChallengeMethod: 'S256',
      state,
      prompt: 'select_account',
    });
    await options.onUrl(url);
    const code = await codeArrived;
    return await app.acquireTokenByCode(
      { scopes, redirectUri, code, codeVerifier: pkce.verifier, state },
      { code, state },
    );
  } finally {
    clearTimeout(timer);
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** The browser came back without a code (refused, cancelled) or never came back. */
export class AuthCodeError extends AppError {
  constructor(readonly reason: string) {
    super('partner_center_reconnect_required', { reason });
  }
}
