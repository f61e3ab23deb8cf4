import type { enUSWeb } from './en-US-web.js';

/** 网页和对话框（web/）的简体中文文本。 */
export const zhCNWeb: Record<keyof typeof enUSWeb, string> = {
  'dialog.draft.edit': '在对话框中编辑',
  'dialog.draft.title': '合作关系请求电子邮件',
  'dialog.draft.copied': '主题和包含链接的正文已复制到剪贴板。',
  'dialog.draft.copyFailed': '浏览器不允许此页面复制。请自行选择主题和正文并复制。',
  'dialog.draft.sent': '已标记为已发送。在经销商答复之前，你可以在“待处理”中找到此请求。',
  'dialog.draft.missing': '此页面需从 Teams 中的合作关系请求卡片打开（在对话框中编辑）。请从卡片重新打开。',
  'dialog.draft.grantInvalid': '此对话框已无法代表你操作。请从请求卡片重新打开。',
  'dialog.draft.working': '正在检查…',
};
