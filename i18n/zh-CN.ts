import type { MessageKey } from './en-US.js';
import { zhCNBot } from './zh-CN-bot.js';
import { zhCNCards } from './zh-CN-cards.js';
import { zhCNWeb } from './zh-CN-web.js';
import { zhCNTab } from './zh-CN-tab.js';
import { zhCNUx } from './zh-CN-ux.js';
import { zhCNPartnerCenter } from './zh-CN-partner-center.js';
import { zhCNNotifications } from './zh-CN-notifications.js';

/** 简体中文消息；键必须与 en-US.ts 完全一致（缺一个键就无法编译）。 */
export const zhCN: Record<MessageKey, string> = {
  ...zhCNBot,
  ...zhCNCards,
  ...zhCNWeb,
  ...zhCNTab,
  ...zhCNUx,
  ...zhCNPartnerCenter,
  ...zhCNNotifications,

  'draft.subject': '{providerName} 邀请 {resellerName} 建立 CSP 间接经销商合作关系',
  'draft.body':
    '您好：\n\n{providerName} 希望与 {resellerName} 在 Microsoft 云解决方案提供商 (CSP) 计划中以间接经销商身份合作。作为我们的经销商，您可以添加客户、在其订阅上被指定为经销商（并获得奖励额度）并为其提供支持，由我们提供 Microsoft 产品。\n\n请在 {expiresOn} 之前打开以下个性化链接，接受或拒绝此请求：\n{link}\n\n此链接仅供贵组织使用，且只能使用一次。\n\n此致\n{agentName}\n{providerName}',

  'error.invalid_input': '你输入的内容无效。请检查后重试。',
  'error.not_authorised': '你的角色不允许执行此操作。请联系贵组织的管理员代理。',
  'error.provider_unknown': '贵组织尚未在此机器人中注册。请联系管理员进行注册。',
  'error.agent_unknown': '此人不是贵组织的代理。',
  'error.reseller_not_found': '找不到合作伙伴 ID 为 {partnerId} 的合作伙伴。请检查号码后重试。',
  'error.reseller_not_enrolled':
    '{resellerName} 尚未注册为 CSP 间接经销商。请先引导该经销商完成 CSP 注册，然后再发送请求。',
  'error.reseller_mpa_inactive':
    '{resellerName} 没有有效的 Microsoft 合作伙伴协议。经销商必须先在合作伙伴中心接受该协议。',
  'error.reseller_region_mismatch': '合作伙伴 {partnerId} 所在区域不在贵组织的服务范围内。',
  'error.reseller_is_provider': '合作伙伴 ID {partnerId} 是贵组织自己的 ID；请选择一个经销商。',
  'error.reseller_not_related': '{resellerName} 与贵组织没有有效的合作关系。请先发送合作关系请求。',
  'error.relationship_already_open': '与 {resellerName} 已存在未结束的合作关系（{status}）。',
  'error.relationship_not_active': '与 {resellerName} 没有有效的合作关系；不允许此操作。',
  'error.relationship_not_pending': '发给 {resellerName} 的请求已不再处于待处理状态。',
  'error.relationship_not_found': '贵组织与合作伙伴 ID {partnerId} 没有合作关系。',
  'error.draft_link_missing': '邮件中必须包含个性化链接；没有它，经销商无法接受请求。请把链接放回后重试。',
  'error.draft_too_long': '邮件太长（{length} 个字符；最多 {max} 个）。',
  'error.invitation_unknown': '此邀请链接无效。请让提供商重新发送请求。',
  'error.invitation_expired': '此邀请已于 {expiredOn} 过期。请让提供商重新发送请求。',
  'error.invitation_cancelled': '提供商已取消此邀请。',
  'error.invitation_replaced': '此邀请已被更新的邀请取代。请使用最新邮件中的链接。',
  'error.invitation_declined': '此邀请已被拒绝。',
  'error.invitation_used': '此邀请已被使用。',
  'error.invitation_wrong_organisation': '此邀请是发给其他组织的。请使用贵组织自己的帐户登录。',
  'error.attestation_required': '请确认此次删除出于合法的业务目的。',
  'error.confirmation_required': '请确认删除后继续。',
  'error.customer_not_found': '找不到客户 {customerId}。',
  'error.subscription_not_found': '找不到订阅 {subscriptionId}。',
  'error.idempotency_key_reused': '此操作已用于其他用途。请从新卡片重新开始。',
  'error.last_admin': '贵组织至少需要一名管理员代理；请先将该角色授予其他人。',
  'error.partner_id_required': '请输入经销商的合作伙伴 ID。',
  'error.external_throttled': '合作伙伴中心繁忙。请在 {retryAfterSeconds} 秒后重试。',
  'error.external_unavailable': '目前无法连接合作伙伴中心。请稍后重试。',
  'error.external_rejected': '合作伙伴中心拒绝了该请求（代码 {code}）。',
  'error.concurrent_change': '有人同时更改了此内容。请重试。',
  'error.database_unavailable': '数据库暂时没有响应。未做任何更改；请稍后重试。',
  'error.transaction_in_progress': '{resellerName} 的一项更改仍在合作伙伴中心完成中。请稍后重试。',
  'error.stale_action':
    '此卡片已过期：与 {resellerName} 的合作关系在显示后已发生变化。请重新打开以查看当前状态。',
};
