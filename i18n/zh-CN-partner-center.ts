/** 合作伙伴中心连接、同步与角色的简体中文消息。 */
export const zhCNPartnerCenter = {
  'error.partner_center_reconnect_required':
    '贵组织尚未连接合作伙伴中心（保存的登录已被拒绝或从未完成）。管理员代理必须重新连接合作伙伴中心：npm run provider:connect -- --tenant <贵组织的租户 ID>。',
} as const;
