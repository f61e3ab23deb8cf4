/** 合作伙伴中心连接、同步与角色的简体中文消息。 */
export const zhCNPartnerCenter = {
  'error.partner_center_reconnect_required':
    '贵组织尚未连接合作伙伴中心：保存的登录已被拒绝或从未完成。请让管理员代理重新连接合作伙伴中心；在此之前，此操作无法访问合作伙伴中心。',
  'draft.partnerCenterStep':
    '要完成合作关系，还请在合作伙伴中心接受我们的请求（由贵组织合作伙伴中心帐户的管理员登录）：\n{partnerCenterLink}',
  'invitePage.partnerCenterStep':
    '然后还请在合作伙伴中心接受此请求（由贵组织合作伙伴中心帐户的管理员操作）：在此之前，合作伙伴中心并不知道此合作关系。',
  'resellers.waitingPartnerCenter': '等待经销商在合作伙伴中心接受',
  'reseller.partnerCenter': '合作伙伴中心',
  'reseller.partnerCenterConfirmed': '已在合作伙伴中心确认',
  'reseller.partnerCenterWaiting': '等待经销商在合作伙伴中心接受',
  'reseller.source': '来源',
  'reseller.sourcePartnerCenter': '从合作伙伴中心导入',
  'reseller.endedInPartnerCenter': '已在合作伙伴中心结束',
  'role.from.partner_center': '合作伙伴中心',
  'role.from.bot': '在机器人中授予',
  'role.withSource': '{role}（{sources}）',
  'event.relationship.imported': '从合作伙伴中心导入',
  'event.relationship.confirmed_in_partner_center': '已在合作伙伴中心确认',
  'event.relationship.ended_in_partner_center': '已在合作伙伴中心结束',
  'event.partner_center.connected': '已连接合作伙伴中心',
  'event.partner_center.disconnected': '合作伙伴中心登录被拒绝：需要重新连接',
  'event.partner_center.reconnected': '已重新连接合作伙伴中心',
  'notifyType.partnerCenterLost': '合作伙伴中心登录失效时',
  'notifyType.partnerCenterReconnected': '重新连接合作伙伴中心时',
  'notify.title.provider.partner_center_disconnected': '请重新连接合作伙伴中心',
  'notify.text.provider.partner_center_disconnected':
    '合作伙伴中心拒绝了机器人为 {providerName} 保存的登录（刷新令牌已被撤销或过期，或同意已被撤回）。在管理员代理重新登录之前，所有需要合作伙伴中心的操作都会被拒绝。要重新连接，请在机器人所在主机上运行：\n\n{command}\n\n并以 {providerName} 的管理员代理身份登录（使用多重身份验证）。',
  'notify.title.provider.partner_center_reconnected': '已重新连接合作伙伴中心',
  'notify.text.provider.partner_center_reconnected':
    '{actorName} 已为 {providerName} 重新连接合作伙伴中心：需要合作伙伴中心的操作已恢复。',
  'customerForm.credentials':
    '新客户的第一个管理员是 {userName}，一次性密码为 {password}。此信息仅显示这一次，不会保存：请以安全方式交给客户；首次登录时必须更改密码。',
  'customerForm.credentialsPersonalOnly':
    '合作伙伴中心为新客户的第一个管理员生成了一次性密码，机器人只在个人聊天中显示。请在合作伙伴中心重置该管理员的密码，再交给客户。',
} as const;
