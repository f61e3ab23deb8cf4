import { expand, type CardAction, type CardJson } from './render.js';
import template from './templates/notice.json' with { type: 'json' };

export interface NoticeData {
  title: string;
  text: string;
  tone: 'info' | 'good' | 'error';
  actions?: CardAction[];
}

const COLORS = { info: 'default', good: 'good', error: 'attention' } as const;

/** A short message card: a refusal, a confirmation, or a read-only summary after a final action. */
export function noticeCard(data: NoticeData): CardJson {
  const actions = data.actions ?? [];
  return expand(template, {
    title: data.title,
    text: data.text,
    color: COLORS[data.tone],
    hasActions: actions.length > 0,
    actions,
  });
}
