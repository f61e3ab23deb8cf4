/** English: manager notifications (subscriptions card, notification cards, failed deliveries). */
export const enUSNotifications = {
  'notifications.title': 'Notifications',
  'notifications.introAdmin':
    'These people and channels hear from the bot when something changes with your resellers. Add yourself or this channel, pick the event types, or remove a recipient.',
  'notifications.introReader':
    'These people and channels hear from the bot when something changes with your resellers. An admin agent can change the list.',
  'notifications.empty': 'Nobody receives notifications yet.',
  'notifications.pickTypes': 'Event types',
  'notifications.remove': 'Remove',
  'notifications.goneBlocked':
    'Teams refused delivery (the bot was blocked or removed): no more notifications go here until it is added again.',
  'notifications.goneNotFound':
    'Teams no longer knows this conversation: no more notifications go here until it is added again.',
  'notifications.noChatYet':
    '{name} has not opened a chat with the bot yet. Notifications reach them once they write to the bot (or, with app credentials, when the bot starts the chat itself).',
  'notifications.channelUnknown': 'The bot is no longer in this channel.',
  'notifications.typesLine': 'Receives: {types}',
  'notifications.allTypes': 'every event',
  'notifications.addMe': 'Add me',
  'notifications.addChannel': 'Add this channel',
  'notifications.showFailed': 'Failed notifications',
  'notifications.failedCount': '{count} notification(s) could not be delivered.',
  'notifications.typesTitle': 'Event types for {name}',
  'notifications.typesLabel': 'Send a notification when',
  'notifications.save': 'Save',
  'notifications.back': 'Back',
  'notifications.failedTitle': 'Failed notifications',
  'notifications.failedEmpty': 'No notification is waiting: every one was delivered or dismissed.',
  'notifications.failedLine': '{event}: Partner ID {partnerId}, {when}',
  'notifications.failedDetail': 'To {recipient}, {attempts} attempts, last answer {status}',
  'notifications.retry': 'Retry',
  'notifications.dismiss': 'Dismiss',
  'notifications.channel': 'This channel',
  'notifications.channelNamed': 'Channel {name}',
  'notifications.added': 'Added: notifications will arrive here.',
  'notifications.removed': 'Removed: no more notifications go there.',
  'notifications.typesSaved': 'Saved.',
  'notifications.retried': 'The notification will be sent again.',
  'notifications.dismissed': 'The notification was dismissed.',

  'notifyType.requestSent': 'a relationship request is sent',
  'notifyType.accepted': 'a reseller accepts',
  'notifyType.declined': 'a reseller declines',
  'notifyType.cancelled': 'a request is cancelled',
  'notifyType.expired': 'a request expires',
  'notifyType.expiring': 'a request is about to expire',
  'notifyType.removed': 'a relationship is removed',
  'notifyType.resellerOfRecord': 'a reseller of record is set on a subscription',
  'notifyType.supportContact': 'a support contact is designated',
  'notifyType.customerAdded': 'a customer is added on a reseller’s behalf',
  'notifyType.orderSubmitted': 'an order is submitted on a reseller’s behalf',

  'notify.title.provider.relationship_request_sent': 'Relationship request sent to {resellerName}',
  'notify.text.provider.relationship_request_sent':
    '{actorName} sent a relationship request to {resellerName}. You will hear when the reseller answers.',
  'notify.title.provider.relationship_accepted': '{resellerName} accepted',
  'notify.text.provider.relationship_accepted':
    '{resellerName} is now one of your indirect resellers. You can name it reseller of record on a subscription.',
  'notify.title.provider.relationship_declined': '{resellerName} declined',
  'notify.text.provider.relationship_declined':
    '{resellerName} declined the relationship request. You can send a new one.',
  'notify.title.provider.relationship_cancelled': 'Request to {resellerName} cancelled',
  'notify.text.provider.relationship_cancelled':
    '{actorName} cancelled the relationship request to {resellerName}.',
  'notify.title.provider.relationship_expired': 'Request to {resellerName} expired',
  'notify.text.provider.relationship_expired':
    'The relationship request to {resellerName} expired unanswered. You can send a new one.',
  'notify.title.provider.relationship_expiring': 'Request to {resellerName} about to expire',
  'notify.text.provider.relationship_expiring':
    'The relationship request to {resellerName} expires on {expiresOn} unless the reseller answers. Remind the reseller, or cancel the request.',
  'notify.title.provider.relationship_removed': 'Relationship with {resellerName} removed',
  'notify.text.provider.relationship_removed':
    '{actorName} removed the relationship with {resellerName}. Its customers and delegated admin privileges stay as they were.',
  'notify.title.provider.subscription_reseller_of_record_set': 'Reseller of record set: {resellerName}',
  'notify.text.provider.subscription_reseller_of_record_set':
    '{actorName} named {resellerName} reseller of record of {offerName}.',
  'notify.title.provider.subscription_support_contact_set': 'Support contact designated: {resellerName}',
  'notify.text.provider.subscription_support_contact_set':
    '{actorName} made {resellerName} the support contact of {offerName}.',
  'notify.title.provider.customer_added': 'Customer added for {resellerName}',
  'notify.text.provider.customer_added':
    '{actorName} added the customer {companyName} on behalf of {resellerName}.',
  'notify.title.provider.order_submitted': 'Order submitted for {resellerName}',
  'notify.text.provider.order_submitted':
    '{actorName} submitted an order for {companyName} on behalf of {resellerName}.',
  'notify.title.reseller.relationship_accepted': 'You are now a reseller of {providerName}',
  'notify.text.reseller.relationship_accepted':
    'Your organisation accepted the relationship with {providerName}. They have been told.',
  'notify.title.generic': 'Something changed',
  'notify.text.generic': 'A change was recorded for {resellerName}.',
  'notify.fact.reseller': 'Reseller',
  'notify.fact.partnerId': 'Partner ID',
  'notify.fact.customer': 'Customer',
  'notify.fact.subscription': 'Subscription',
  'notify.fact.by': 'By',
  'notify.fact.when': 'When',
  'notify.openResellers': 'Open resellers',
  'notify.assignSubscription': 'Assign to a subscription',
  'notify.resend': 'Resend request',
  'notify.openPending': 'Pending requests',
  'notify.openCustomer': 'Open the customer',
  'notify.cancelRequest': 'Cancel request',
  'notify.resendRequest': 'Resend with a new link',

  'error.notification_recipient_unknown': 'This recipient is no longer on the notifications list.',
  'error.notification_channel_only':
    'Type “notifications” in the Teams channel you want to add, then press Add this channel.',
  'error.notification_types_required': 'Pick at least one event type (or remove the recipient).',
  'error.notification_job_unknown': 'This notification is no longer waiting.',
  'permission.viewNotifications': 'See who receives notifications',
  'permission.manageNotifications': 'Choose who receives notifications',
  'event.relationship.expiring': 'Expiry reminder sent',
  'event.notification.subscription_added': 'Notification recipient added',
  'event.notification.types_changed': 'Notification event types changed',
  'event.notification.subscription_removed': 'Notification recipient removed',
  'event.notification.recipient_gone': 'Notification recipient unreachable',
  'help.syntax.notifications': 'notifications',
  'help.text.notifications': 'See who hears about reseller changes; admins add themselves or a channel.',
} as const;
