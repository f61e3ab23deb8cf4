/** English messages of the Partner Center connection, sync and roles. */
export const enUSPartnerCenter = {
  'error.partner_center_reconnect_required':
    'Partner Center is not connected for your organisation: the stored sign-in was refused or never made. Ask an admin agent to reconnect Partner Center; until then this action cannot reach Partner Center.',
  'draft.partnerCenterStep':
    'To complete the relationship, please also accept our request in Partner Center (an admin of your Partner Center account signs in):\n{partnerCenterLink}',
  'invitePage.partnerCenterStep':
    'Then accept the request in Partner Center too (an admin of your Partner Center account): until you do, Partner Center does not know the relationship.',
  'resellers.waitingPartnerCenter': 'waiting for the reseller to accept in Partner Center',
  'reseller.partnerCenter': 'Partner Center',
  'reseller.partnerCenterConfirmed': 'confirmed in Partner Center',
  'reseller.partnerCenterWaiting': 'waiting for the reseller to accept in Partner Center',
  'reseller.source': 'Source',
  'reseller.sourcePartnerCenter': 'imported from Partner Center',
  'reseller.endedInPartnerCenter': 'ended in Partner Center',
  'role.from.partner_center': 'Partner Center',
  'role.from.bot': 'granted in the bot',
  'role.withSource': '{role} ({sources})',
  'event.relationship.imported': 'Imported from Partner Center',
  'event.relationship.confirmed_in_partner_center': 'Confirmed in Partner Center',
  'event.relationship.ended_in_partner_center': 'Ended in Partner Center',
  'event.partner_center.connected': 'Partner Center connected',
  'event.partner_center.disconnected': 'Partner Center sign-in refused: reconnect needed',
  'event.partner_center.reconnected': 'Partner Center connected again',
  'notifyType.partnerCenterLost': 'the Partner Center sign-in is lost',
  'notifyType.partnerCenterReconnected': 'Partner Center is connected again',
  'notify.title.provider.partner_center_disconnected': 'Reconnect Partner Center',
  'notify.text.provider.partner_center_disconnected':
    'Partner Center refused the bot’s stored sign-in for {providerName} (the refresh token was revoked or expired, or the consent was withdrawn). Until an admin agent signs in again, every action that needs Partner Center is refused. To reconnect, run on the bot’s host:\n\n{command}\n\nand sign in as an admin agent of {providerName}, with multi-factor authentication.',
  'notify.title.provider.partner_center_reconnected': 'Partner Center connected again',
  'notify.text.provider.partner_center_reconnected':
    '{actorName} connected Partner Center again for {providerName}: actions that need Partner Center work again.',
  'customerForm.credentials':
    'The new customer’s first admin is {userName}, with the one-time password {password}. It is shown only now and kept nowhere: give it to the customer securely; it must be changed at the first sign-in.',
  'customerForm.credentialsPersonalOnly':
    'Partner Center gave the new customer’s first admin a one-time password, which the bot shows only in a personal chat. Reset that admin’s password in Partner Center to give the customer one.',
} as const;
