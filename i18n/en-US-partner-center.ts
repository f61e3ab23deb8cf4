/** English messages of the Partner Center connection, sync and roles. */
export const enUSPartnerCenter = {
  'error.partner_center_reconnect_required':
    'Partner Center is not connected for your organisation (the stored sign-in was refused or never made). An admin agent must reconnect Partner Center: npm run provider:connect -- --tenant <your tenant id>.',
} as const;
