/** English texts of the web pages and dialogs (web/); the cards' own texts are reused where they fit. */
export const enUSWeb = {
  'dialog.draft.edit': 'Edit in a dialog',
  'dialog.draft.title': 'Relationship request e-mail',
  'dialog.draft.copied': 'The subject and the message, with the link, are on your clipboard.',
  'dialog.draft.copyFailed':
    'Your browser did not let the page copy. Select the subject and the message and copy them yourself.',
  'dialog.draft.sent':
    'Marked as sent. You will find the request under “pending” until the reseller answers.',
  'dialog.draft.missing':
    'This page opens from the relationship request card in Teams (Edit in a dialog). Open it from there again.',
  'dialog.draft.grantInvalid':
    'This dialog cannot act for you any more. Open it again from the request card.',
  'dialog.draft.working': 'Checking…',
} as const;
