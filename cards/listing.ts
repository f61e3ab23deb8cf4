import type { Provider } from '../data/providers/provider-store.js';
import { cardText, expand, plain, type CardJson, type Ui } from './render.js';
import template from './templates/listing.json' with { type: 'json' };

/** The provider's entry on Microsoft's list of indirect providers; view only. */
export function listingCard(provider: Provider, ui: Ui): CardJson {
  const t = cardText(ui);
  const none = t('common.none');
  const listing = provider.listing;
  return expand(template, {
    title: t('listing.title'),
    facts: [
      { title: t('listing.name'), value: plain(listing.displayName || provider.name) },
      { title: t('listing.partnerId'), value: plain(provider.partnerId) },
      { title: t('listing.website'), value: listing.website ? plain(listing.website) : none },
      { title: t('listing.regions'), value: plain(listing.regions.join(', ')) || none },
      { title: t('listing.contact'), value: listing.contactEmail ? plain(listing.contactEmail) : none },
    ],
    description: listing.description ? plain(listing.description) : t('listing.noDescription'),
    viewOnly: t('listing.viewOnly'),
  });
}
