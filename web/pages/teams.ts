import type * as TeamsJsModule from '@microsoft/teams-js';

type TeamsJs = typeof TeamsJsModule;

/** What a page takes from Teams' context when it runs inside Teams. */
export interface TeamsHost {
  /** The teams-js module, loaded only inside Teams (a plain page loads no Microsoft code). */
  sdk: TeamsJs;
  locale: string;
  tenantId?: string;
  userId?: string;
}

/** How long a framed page waits for Teams to answer before it works as a plain page. */
const INITIALIZE_MS = 3000;

/**
 * Inside Teams (the page is framed and Teams answers `app.initialize()`): the locale, tenant and
 * user of its context. Outside Teams (a plain browser tab): undefined.
 */
export async function insideTeams(): Promise<TeamsHost | undefined> {
  if (window.self === window.top) return undefined;
  try {
    const sdk = await import('@microsoft/teams-js');
    const { app } = sdk;
    const timeout = new Promise<never>((_, fail) =>
      setTimeout(() => fail(new Error('no Teams host')), INITIALIZE_MS),
    );
    await Promise.race([app.initialize(), timeout]);
    const context = await app.getContext();
    app.notifySuccess();
    return {
      sdk,
      locale: context.app.locale,
      ...(context.user?.tenant?.id ? { tenantId: context.user.tenant.id } : {}),
      ...(context.user?.id ? { userId: context.user.id } : {}),
    };
  } catch {
    return undefined;
  }
}
