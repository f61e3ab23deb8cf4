import type { enUSUx } from './en-US-ux.js';

/** 简体中文：草稿、选择器、审核、角色和输入命令卡片的补充文本。 */
export const zhCNUx: Record<keyof typeof enUSUx, string> = {
  'draft.openNote.original':
    '“在电子邮件中打开”打开的是机器人撰写的文本，而不是你的修改：修改后，请先按“检查我的修改”。',
  'draft.openNote.checked':
    '“在电子邮件中打开”打开你刚刚检查过的文本。如果再次修改，请在打开前再按一次“检查我的修改”。',
  'draft.openNote.unchecked':
    '在你的文本通过“检查我的修改”之前，“在电子邮件中打开”只会打开一封发给经销商的空白邮件。',

  'error.quantity_invalid': '请输入 {min} 到 {max} 之间的整数许可证数量。',
  'error.invalid_input_field': '{field}无效。请检查后重试。',
  'field.partnerId': '合作伙伴 ID（5 到 10 位数字）',
  'field.resellerEmail': '电子邮件地址',
  'field.companyName': '公司名称',
  'field.domain': '域名（例如 contoso.example）',
  'field.subject': '主题',
  'field.body': '邮件正文',
  'field.offerId': '产品/服务 ID',
  'field.customerId': '客户',
  'field.subscriptionId': '订阅',
  'field.cursor': '审核记录的页面',

  'bot.notUnderstood': '我没有理解“{typed}”。',
  'bot.didYouMean': '你是想输入 `{command}` 吗？',
  'bot.typedInvalid':
    '我无法使用你在“{command}”之后输入的内容：内容过长或不是有效的值。输入 `帮助` 查看示例。',
  'language.unknown': '我不认识语言“{requested}”。请在下方选择 English 或简体中文。',
  'role.organisationUnknown': '尚未在此机器人中注册（租户 {tenantId}）',
  'unavailable.note': '暂不可选：{list}。',
  'unavailable.entry': '{resellerName} ({partnerId})，{reason}',
  'unavailable.separator': '；',
  'unavailable.more': '另有 {count} 个',
  'unavailable.reseller_mpa_inactive':
    '没有有效的 Microsoft 合作伙伴协议（经销商须先在合作伙伴中心接受该协议）',
  'unavailable.reseller_not_enrolled': '已不再注册为 CSP 间接经销商',
  'unavailable.reseller_region_mismatch': '位于贵组织不服务的区域',
  'unavailable.reseller_not_found': '在合作伙伴目录中找不到',
  'unavailable.other': '被合作伙伴目录拒绝',
  'auditSubject.relationship': '{resellerName}（合作伙伴 ID {partnerId}）',
  'auditSubject.customer': '客户 {customerName}',
  'auditSubject.subscription': '{customerName} 的订阅 {subscriptionName}',
  'auditSubject.order': '{customerName} 的订单 {orderId}',
  'auditSubject.agent': '代理 {agentName}',
  'auditSubject.other': '{subject}',
};
