/** English: what the draft, picker, audit, roles and typed-command cards say beyond the base catalogue. */
export const enUSUx = {
  'draft.openNote.original':
    '“Open in e-mail” opens the text as the bot wrote it, not your edits: after editing, press “Check my edits” first.',
  'draft.openNote.checked':
    '“Open in e-mail” opens your text as checked just now. If you edit it again, press “Check my edits” again before opening it.',
  'draft.openNote.unchecked':
    '“Open in e-mail” opens only an empty message to the reseller until your text passes “Check my edits”.',

  'error.quantity_invalid': 'Enter a whole number of licences from {min} to {max}.',
  'error.invalid_input_field': '{field} is not valid. Check it and try again.',
  'field.partnerId': 'The Partner ID (a number of 5 to 10 digits)',
  'field.resellerEmail': 'The e-mail address',
  'field.companyName': 'The company name',
  'field.domain': 'The domain (such as contoso.example)',
  'field.subject': 'The subject',
  'field.body': 'The message',
  'field.offerId': 'The offer ID',
  'field.customerId': 'The customer',
  'field.subscriptionId': 'The subscription',
  'field.cursor': 'The page of the audit trail',

  'bot.notUnderstood': 'I did not understand “{typed}”.',
  'bot.didYouMean': 'Did you mean `{command}`?',
  'bot.typedInvalid':
    'I could not use what you typed after “{command}”: it is too long or not a valid value. Type `help` for examples.',
  'language.unknown': 'I do not know the language “{requested}”. Choose English or 简体中文 below.',
  'role.organisationUnknown': 'not registered in this bot (tenant {tenantId})',
  'unavailable.note': 'Not selectable now: {list}.',
  'unavailable.entry': '{resellerName} ({partnerId}), {reason}',
  'unavailable.separator': '; ',
  'unavailable.more': 'and {count} more',
  'unavailable.reseller_mpa_inactive':
    'no active Microsoft Partner Agreement (the reseller must accept it in Partner Center)',
  'unavailable.reseller_not_enrolled': 'no longer enrolled as a CSP indirect reseller',
  'unavailable.reseller_region_mismatch': 'in a region your organisation does not serve',
  'unavailable.reseller_not_found': 'not found in the partner directory',
  'unavailable.other': 'refused by the partner directory',
  'auditSubject.relationship': '{resellerName} (Partner ID {partnerId})',
  'auditSubject.customer': 'customer {customerName}',
  'auditSubject.subscription': 'subscription {subscriptionName} of {customerName}',
  'auditSubject.order': 'order {orderId} for {customerName}',
  'auditSubject.agent': 'agent {agentName}',
  'auditSubject.other': '{subject}',
} as const;
