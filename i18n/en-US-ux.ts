/** English: what the draft, picker, audit, roles and typed-command cards say beyond the base catalogue. */
export const enUSUx = {
  'draft.openNote.original':
    '“Open in e-mail” opens the text as the bot wrote it, not your edits: after editing, press “Check my edits” first.',
  'draft.openNote.checked':
    '“Open in e-mail” opens your text as checked just now. If you edit it again, press “Check my edits” again before opening it.',
  'draft.openNote.unchecked':
    '“Open in e-mail” opens only an empty message to the reseller until your text passes “Check my edits”.',

  'error.quantity_invalid': 'Enter a whole number of licences from {min} to {max}.',
} as const;
