import { app } from '@microsoft/teams-js';

/** What a page takes from Teams' context when it runs inside Teams. */
export interface TeamsHost {
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
    const timeout = new Promise<never>((_, fail) =>
      setTimeout(() => fail(new Error('no Teams host')), INITIALIZE_MS),
    );
    await Promise.race([app.initialize(), timeout]);
    const context = await app.getContext();
    app.notifySuccess();
    return {
      locale: context.app.locale,
      ...(context.user?.tenant?.id ? { tenantId: context.user.tenant.id } : {}),
      ...(context.user?.id ? { userId: context.user.id } : {}),
    };
  } catch {
    return undefined;
  }
}
