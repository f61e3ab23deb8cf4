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
};
