/** English: the texts of the relationship, picker, commerce and removal cards. */
export const enUSCards = {
  'forms.choiceError': 'Choose a reseller.',

  'request.title': 'Request a relationship with an indirect reseller',
  'request.intro':
    'Enter the reseller’s e-mail address and Partner ID. The bot writes an e-mail with a personalised link; you can edit it and send it from your mail app.',
  'request.emailLabel': 'Reseller’s e-mail address',
  'request.emailPlaceholder': 'name@reseller.example',
  'request.emailError': 'Enter the e-mail address of the reseller.',
  'request.partnerIdLabel': 'Reseller’s Partner ID (MPN ID)',
  'request.partnerIdPlaceholder': 'e.g. 1234567',
  'request.enrolmentNote':
    'The reseller must be enrolled in the CSP programme as an indirect reseller; otherwise, direct it to CSP enrolment first.',
  'request.submit': 'Write the e-mail',

  'draft.title': 'Relationship request to {resellerName}',
  'draft.intro':
    'Edit the text if you like, but keep the personalised link in it. Open it in your e-mail app or copy it, send it, then press Done.',
  'draft.to': 'To',
  'draft.expires': 'Link valid until',
  'draft.subjectLabel': 'Subject',
  'draft.subjectError': 'Enter a subject.',
  'draft.bodyLabel': 'Message',
  'draft.bodyError': 'Enter the message.',
  'draft.linkLabel': 'Personalised link (must stay in the message)',
  'draft.copyHint': 'Select the text below and copy it (Ctrl+C) into your e-mail:',
  'draft.copyInBox':
    'The message is too long to show a second time here: click into the Message box above, select all its text and copy it into your e-mail.',
  'draft.open': 'Open in e-mail',
  'draft.copy': 'Show the text to copy',
  'draft.review': 'Check my edits',
  'draft.done': 'Done',
  'draft.reviewed': 'Your text still holds the link. “Open in e-mail” now uses your edited text.',
  'draft.replayedTitle': 'Request already created',
  'draft.replayedText':
    'The request to {resellerName} ({partnerId}) was already created by this button, and its e-mail cannot be shown again: the request is no longer pending, or the bot was restarted since. Find it under “pending”; if you no longer have the link, cancel the request and send a new one.',
  'draft.sentTitle': 'Request sent',
  'draft.sentText':
    'The relationship request to {resellerName} ({partnerId}) was sent to {to}. The link is valid until {expiresOn}; you will find the request under “pending” until the reseller answers.',

  'invitation.title': '{providerName} invites you to a CSP indirect reseller relationship',
  'invitation.provider': 'Indirect provider',
  'invitation.reseller': 'Your organisation',
  'invitation.expires': 'Valid until',
  'invitation.meaningTitle': 'What the relationship means',
  'invitation.meaning1':
    '{providerName} supplies the Microsoft cloud products; you sell them to your customers and support them.',
  'invitation.meaning2':
    'You can be associated with customers (with delegated admin rights) and named reseller of record on their subscriptions, which earns incentive credit.',
  'invitation.meaning3': 'Either side can end the relationship later; your customers stay yours.',
  'invitation.status.pending': 'Do you accept the relationship?',
  'invitation.status.accepted':
    'This invitation has already been used: the relationship with {providerName} exists.',
  'invitation.status.ended':
    'This invitation was accepted, and the relationship with {providerName} has since ended. Ask {providerName} for a new request.',
  'invitation.status.declined': 'This invitation was declined.',
  'invitation.status.cancelled': '{providerName} cancelled this invitation.',
  'invitation.status.expired': 'This invitation expired on {expiresOn}. Ask {providerName} for a new one.',
  'invitation.status.replaced':
    '{providerName} sent you a newer invitation, which replaced this one. Use the link in the latest e-mail.',
  'invitation.accept': 'Accept',
  'invitation.decline': 'Decline',
  'invitation.acceptedTitle': 'Relationship accepted',
  'invitation.acceptedText':
    '{resellerName} is now an indirect reseller of {providerName}. Its agents can now associate you with customers and subscriptions.',
  'invitation.declinedTitle': 'Invitation declined',
  'invitation.declinedText': 'You declined the invitation from {providerName}. Nothing was shared with them.',
  'invitation.unknownTitle': 'Invitation not found',

  'resellers.titleActive': 'Your indirect resellers',
  'resellers.titlePending': 'Pending relationship requests',
  'resellers.searchLabel': 'Search',
  'resellers.searchPlaceholder': 'Name or Partner ID',
  'resellers.search': 'Search',
  'resellers.summary': '{first}–{last} of {total}',
  'resellers.noMatch': 'Nothing matches your search.',
  'resellers.emptyActive': 'You have no active indirect resellers yet.',
  'resellers.emptyPending': 'There are no pending requests.',
  'resellers.activeDetail': 'Active since {since} · {country}',
  'resellers.pendingDetail': 'Sent to {to} on {requestedOn} · expires {expiresOn}',
  'resellers.details': 'Details',
  'resellers.remove': 'Remove',
  'resellers.cancel': 'Cancel request',
  'resellers.previous': 'Previous',
  'resellers.next': 'Next',
  'resellers.showPending': 'Pending requests',
  'resellers.showActive': 'Active resellers',
  'resellers.request': 'Request a relationship',
  'resellers.cancelledTitle': 'Request cancelled',
  'resellers.cancelledText':
    'The request to {resellerName} ({partnerId}) is cancelled; its link no longer works.',

  'reseller.partnerId': 'Partner ID',
  'reseller.status': 'Status',
  'reseller.country': 'Country',
  'reseller.activeSince': 'Active since',
  'reseller.invitedEmail': 'Invitation sent to',
  'reseller.requestedOn': 'Requested on',
  'reseller.expiresOn': 'Expires on',
  'reseller.addCustomer': 'Add a customer',

  'picker.title.resellerOfRecord': 'Reseller (Partner ID / MPN ID) of the subscription',
  'picker.title.supportContact': 'Designate support contact',
  'picker.intro.resellerOfRecord': 'The reseller you choose gets the incentive credit for this subscription.',
  'picker.intro.supportContact': 'The reseller you choose handles customer support for this subscription.',
  'picker.subscription': 'Subscription',
  'picker.customer': 'Customer',
  'picker.quantity': 'Quantity',
  'picker.currentReseller': 'Reseller now',
  'picker.currentSupport': 'Support contact now',
  'picker.choiceLabel': 'Indirect reseller',
  'picker.choicePlaceholder': 'Type to search your active resellers',
  'picker.noResellers': 'You have no active resellers yet.',
  'picker.notInList': 'Indirect reseller not in the list?',
  'picker.manualLabel': 'Partner ID of the reseller',
  'picker.manualPlaceholder': 'e.g. 1234567',
  'picker.verify': 'Verify',
  'picker.verified':
    '{resellerName} ({partnerId}) is verified and related to you. It is selected above: press Submit.',
  'picker.unrelated':
    '{resellerName} ({partnerId}) is a valid indirect reseller, but it has no active relationship with you ({status}).',
  'picker.unrelatedCanRequest':
    '{resellerName} ({partnerId}) is a valid indirect reseller, but it has no active relationship with you ({status}). You can send it a relationship request.',
  'picker.sendRequest': 'Send relationship request',
  'picker.submit': 'Submit',
  'picker.doneTitle.resellerOfRecord': 'Reseller saved',
  'picker.doneTitle.supportContact': 'Support contact designated',
  'picker.doneText.resellerOfRecord':
    '{resellerName} ({partnerId}) is now the reseller of {offerName} ({subscriptionId}) and gets its incentive credit.',
  'picker.doneText.supportContact':
    '{resellerName} ({partnerId}) now handles customer support for {offerName} ({subscriptionId}).',

  'customers.title': 'Customers',
  'customers.empty': 'You have no customers yet.',
  'customers.detail': 'ID {customerId} · reseller: {reseller}',
  'customers.detailAzure': 'ID {customerId} · Azure · reseller: {reseller}',
  'customers.subscriptions': 'Subscriptions',
  'customers.order': 'Submit an order',
  'customers.add': 'Add a customer',

  'subscriptions.title': 'Subscriptions of {companyName}',
  'subscriptions.empty': 'This customer has no subscriptions.',
  'subscriptions.summary': 'Subscriptions: {total}',
  'subscriptions.more':
    'Showing the first {shown}; use "subscription [customer ID] [subscription ID]" for the others.',
  'subscriptions.detail': '{subscriptionId} · reseller: {reseller} · support: {support}',
  'subscriptions.setReseller': 'Reseller',
  'subscriptions.setSupport': 'Support contact',

  'customerForm.title': 'Add a customer on a reseller’s behalf',
  'customerForm.intro':
    'The reseller you choose gets delegated admin rights over the customer’s subscriptions.',
  'customerForm.company': 'Company name',
  'customerForm.companyError': 'Enter the company name.',
  'customerForm.domain': 'Domain',
  'customerForm.domainPlaceholder': 'contoso.example',
  'customerForm.domainError': 'Enter the customer’s domain.',
  'customerForm.azure': 'The customer buys Azure',
  'customerForm.submit': 'Add customer',
  'customerForm.addedTitle': 'Customer added',
  'customerForm.addedText':
    '{companyName} ({customerId}) was added and associated with {resellerName} ({partnerId}), which now has delegated admin rights over its subscriptions.',
  'customerForm.entraGuidance':
    'This is an Azure customer: to let {resellerName} manage it, change the reseller’s default permissions under “User settings” in the Microsoft Entra admin center.',

  'orderForm.title': 'Submit an order on a reseller’s behalf',
  'orderForm.intro': 'The order is placed for the customer with the reseller you choose on record.',
  'orderForm.customer': 'Customer',
  'orderForm.offer': 'Offer ID',
  'orderForm.offerPlaceholder': 'e.g. CFQ7TTC0LH18:0001',
  'orderForm.offerError': 'Enter the offer ID.',
  'orderForm.quantity': 'Quantity',
  'orderForm.quantityError': 'Enter a quantity of at least 1.',
  'orderForm.submit': 'Submit order',
  'orderForm.submittedTitle': 'Order submitted',
  'orderForm.submittedText':
    'Order {orderId} for {companyName} was submitted with {resellerName} ({partnerId}) on record: {lines}.',

  'removal.title': 'Remove the relationship with {resellerName}?',
  'removal.staysTitle': 'What removal does and does not do',
  'removal.staysCustomers': 'The reseller’s customers are not deleted; their subscriptions keep running.',
  'removal.staysPrivileges':
    'Delegated admin privileges the reseller already has are not revoked; remove them separately if needed.',
  'removal.goesTransactions':
    '{resellerName} disappears from your list, and no new transactions with it are possible.',
  'removal.noNotice':
    'No termination notice is generated: send any notice your agreement with the reseller requires yourself.',
  'removal.attestationLabel': 'Confirmation',
  'removal.attestationTitle': 'I confirm this removal is for a legitimate business purpose.',
  'removal.attestationError': 'Confirm the legitimate business purpose to remove the relationship.',
  'removal.remove': 'Remove',
  'removal.keep': 'Keep',
  'removal.notActive':
    'There is no active relationship with {resellerName} ({status}), so there is nothing to remove.',
  'removal.removedTitle': 'Relationship removed',
  'removal.removedText': 'The relationship with {resellerName} ({partnerId}) was removed on {removedOn}.',
  'removal.communicationTitle': 'Suggested communication',
  'removal.communicationHint':
    'Let the reseller and the end customers know. You can copy and adapt these texts:',
  'removal.toReseller': 'To the reseller',
  'removal.toCustomers': 'To the end customers',
  'removal.messageReseller':
    'Dear {resellerName}, {providerName} has ended the CSP indirect reseller relationship with you as of {removedOn}. Existing customers and their subscriptions are not affected. Please contact us if you have any questions.',
  'removal.messageCustomers':
    'Dear customer, {resellerName} is no longer an indirect reseller of {providerName} as of {removedOn}. Your subscriptions continue without interruption; we will tell you who supports you from now on.',
  'removal.keptTitle': 'Nothing changed',
  'removal.keptText': '{resellerName} ({partnerId}) remains your indirect reseller.',
} as const;
