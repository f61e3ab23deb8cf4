import { helpCard } from '../../cards/help.js';
import { languageCard } from '../../cards/language.js';
import { listingCard } from '../../cards/listing.js';
import { roleCard } from '../../cards/role.js';
import { route, type RouteTable } from '../route.js';

/** Help, my role, the provider listing and the language override. */
export const profileRoutes: Pick<
  RouteTable,
  'help.show' | 'role.show' | 'listing.show' | 'language.show' | 'language.set'
> = {
  'help.show': route('help.show', {
    handle: async (turn, { typed, suggestion }) => ({
      card: helpCard(
        {
          displayName: turn.actor.displayName,
          roles: await turn.roles(),
          ...(typed ? { notUnderstood: { typed, ...(suggestion ? { suggestion } : {}) } } : {}),
        },
        turn.ui,
      ),
    }),
  }),
  'role.show': route('role.show', {
    handle: async (turn) => ({
      card: roleCard(
        {
          displayName: turn.actor.displayName,
          tenantId: turn.actor.tenantId,
          organisationName: (await turn.services.access.providerOf(turn.actor))?.name,
          roles: await turn.roles(),
          sources: await turn.services.access.roleSources(turn.actor),
        },
        turn.ui,
      ),
    }),
  }),
  'listing.show': route('listing.show', {
    handle: async (turn) => ({
      card: listingCard(await turn.services.access.require(turn.actor, 'viewListing'), turn.ui),
    }),
  }),
  'language.show': route('language.show', {
    handle: async (turn, { requested }) => ({ card: languageCard(turn.ui, requested) }),
  }),
  'language.set': route('language.set', {
    handle: async (turn, { locale }) => {
      await turn.preferences.setLocale(turn.actor.tenantId, turn.actor.agentId, locale);
      // From here on the user reads the new language, starting with this answer.
      const next = turn.withLocale(locale);
      const notice = next.ui.t('language.changed', { language: next.ui.t(`language.name.${locale}`) });
      return {
        card: helpCard({ displayName: next.actor.displayName, roles: await next.roles(), notice }, next.ui),
      };
    },
  }),
};
