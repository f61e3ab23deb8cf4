/** English messages of the Microsoft Customer Agreement acceptance and the order's billing terms. */
export const enUSCommerceTerms = {
  'customerForm.agreementTitle': 'Microsoft Customer Agreement',
  'customerForm.agreementText':
    'The customer must accept the Microsoft Customer Agreement ({link}) before Partner Center takes orders for it. Who of the customer accepted it?',
  'customerForm.contactFirstName': 'First name',
  'customerForm.contactFirstNameError': 'Enter the first name of the person who accepted.',
  'customerForm.contactLastName': 'Last name',
  'customerForm.contactLastNameError': 'Enter the last name of the person who accepted.',
  'customerForm.contactEmail': 'E-mail address',
  'customerForm.contactEmailError': 'Enter the e-mail address of the person who accepted.',
  'customerForm.contactPhone': 'Phone number (optional)',
  'customerForm.agreementAttest':
    'I confirm that this person accepted the Microsoft Customer Agreement on behalf of the customer.',
  'customerForm.agreementAttestError': 'Confirm that the customer accepted the agreement.',
  'customerForm.agreementRecorded':
    'The acceptance of the Microsoft Customer Agreement by {name} ({email}) on {date} is recorded.',
  'error.agreement_attestation_required':
    'Confirm that the customer accepted the Microsoft Customer Agreement: tick the confirmation on the form.',
  'error.customer_agreement_required':
    '{companyName} has no recorded acceptance of the Microsoft Customer Agreement, which Partner Center requires before an order. Confirm the customer’s acceptance in Partner Center (the customer’s account), then submit the order again.',
  'error.billing_term_not_offered':
    '{offerId} is not sold with that term and billing: choose one of the terms the form now shows for it.',
  'field.contactFirstName': 'The first name of the person who accepted',
  'field.contactLastName': 'The last name of the person who accepted',
  'field.contactEmail': 'The e-mail address of the person who accepted',
  'field.contactPhone': 'The phone number (digits, spaces, + ( ) - only)',
  'field.term': 'The term and billing',
  'event.customer.agreement_accepted': 'Microsoft Customer Agreement acceptance recorded',

  'auditField.terms': 'Term and billing',
  'auditField.agreement': 'Agreement accepted',
  'orderForm.term': 'Term and billing',
  'orderForm.termError': 'Choose a term and billing.',
  'orderForm.termsOfOffer': 'Terms offered for {offerId}.',
  'orderForm.termsGeneral': 'Usual terms: type the offer ID and press Show terms for the offer’s own.',
  'orderForm.showTerms': 'Show terms',
  'orderForm.submittedTerms': '{offerId}: {term}',
  'term.label': '{duration}, {billing}',
  'term.duration.P1M': 'one-month term',
  'term.duration.P1Y': 'one-year term',
  'term.duration.P3Y': 'three-year term',
  'term.duration.other': '{duration} term',
  'term.billing.monthly': 'billed monthly',
  'term.billing.annual': 'billed annually',
  'term.billing.triennial': 'billed every three years',
  'term.billing.other': 'billed {billing}',
} as const;
