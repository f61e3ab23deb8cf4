import { enUSBot } from './en-US-bot.js';
import { enUSCards } from './en-US-cards.js';
import { enUSWeb } from './en-US-web.js';
import { enUSTab } from './en-US-tab.js';
import { enUSUx } from './en-US-ux.js';
import { enUSPartnerCenter } from './en-US-partner-center.js';
import { enUSNotifications } from './en-US-notifications.js';

/** English (United States) messages. Keys are shared with zh-CN.ts, which must define every one. */
export const enUS = {
  ...enUSBot,
  ...enUSCards,
  ...enUSWeb,
  ...enUSTab,
  ...enUSUx,
  ...enUSPartnerCenter,
  ...enUSNotifications,

  'draft.subject': '{providerName} invites {resellerName} to a CSP indirect reseller relationship',
  'draft.body':
    'Hello,\n\n{providerName} would like to work with {resellerName} as an indirect reseller in the Microsoft Cloud Solution Provider (CSP) programme. As our reseller you can add customers, be named reseller of record on their subscriptions (and earn incentive credit), and support them, while we provide the Microsoft products.\n\nTo accept or decline, open this personalised link before {expiresOn}:\n{link}\n\nThe link is for your organisation only and can be used once.\n\nKind regards,\n{agentName}\n{providerName}',

  'error.invalid_input': 'Something you entered is not valid. Check it and try again.',
  'error.not_authorised': 'Your role does not allow this. Ask an admin agent of your organisation.',
  'error.provider_unknown':
    'Your organisation is not set up in this bot yet. Ask your administrator to register it.',
  'error.agent_unknown': 'This person is not an agent of your organisation.',
  'error.reseller_not_found':
    'No partner with Partner ID {partnerId} was found. Check the number and try again.',
  'error.reseller_not_enrolled':
    '{resellerName} is not enrolled as a CSP indirect reseller. Direct the reseller to CSP enrolment first, then send the request.',
  'error.reseller_mpa_inactive':
    '{resellerName} has no active Microsoft Partner Agreement. The reseller must accept the agreement in Partner Center first.',
  'error.reseller_region_mismatch': 'Partner {partnerId} is in a region your organisation does not serve.',
  'error.reseller_is_provider': 'Partner ID {partnerId} is your own organisation; choose a reseller.',
  'error.reseller_not_related':
    '{resellerName} has no active relationship with your organisation. Send a relationship request first.',
  'error.relationship_already_open': 'There is already an open relationship ({status}) with {resellerName}.',
  'error.relationship_not_active':
    'There is no active relationship with {resellerName}; this is not allowed.',
  'error.relationship_not_pending': 'There is no pending request to {resellerName} any more.',
  'error.relationship_not_found': 'Your organisation has no relationship with Partner ID {partnerId}.',
  'error.draft_link_missing':
    'The message must contain the personalised link; without it the reseller cannot accept. Put the link back and try again.',
  'error.draft_too_long': 'The message is too long ({length} characters; at most {max}).',
  'error.invitation_unknown': 'This invitation link is not valid. Ask the provider to send a new request.',
  'error.invitation_expired':
    'This invitation expired on {expiredOn}. Ask the provider to send a new request.',
  'error.invitation_cancelled': 'The provider cancelled this invitation.',
  'error.invitation_replaced': 'A newer invitation replaced this one. Use the link in the latest e-mail.',
  'error.invitation_declined': 'This invitation was declined.',
  'error.invitation_used': 'This invitation has already been used.',
  'error.invitation_wrong_organisation':
    'This invitation was sent to another organisation. Sign in with your own account.',
  'error.attestation_required': 'Confirm that the removal is for a legitimate business purpose.',
  'error.confirmation_required': 'Confirm the removal to continue.',
  'error.customer_not_found': 'Customer {customerId} was not found.',
  'error.subscription_not_found': 'Subscription {subscriptionId} was not found.',
  'error.idempotency_key_reused':
    'This action was already used for something else. Start again from a new card.',
  'error.last_admin':
    'Your organisation needs at least one admin agent; grant the role to someone else first.',
  'error.partner_id_required': 'Enter the reseller’s Partner ID.',
  'error.external_throttled': 'Partner Center is busy. Try again in {retryAfterSeconds} seconds.',
  'error.external_unavailable': 'Partner Center cannot be reached right now. Try again later.',
  'error.external_rejected': 'Partner Center refused the request (code {code}).',
  'error.concurrent_change': 'Someone else changed this at the same moment. Try again.',
  'error.database_unavailable':
    'The database is not answering right now. Nothing was changed; try again in a moment.',
  'error.transaction_in_progress':
    'A change for {resellerName} is still being completed in Partner Center. Try again in a moment.',
  'error.stale_action':
    'This card is out of date: the relationship with {resellerName} has changed since it was shown. Open it again to see where it stands.',
} as const;

export type MessageKey = keyof typeof enUS;
