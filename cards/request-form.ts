import { action, banner, cardText, expand, type CardJson, type Ui } from './render.js';
import template from './templates/request-form.json' with { type: 'json' };

export interface RequestFormData {
  resellerEmail?: string;
  partnerId?: string;
  /** Why the last attempt was refused, shown above the inputs. */
  error?: string;
}

/** Step 1 of "request a relationship": the reseller's e-mail address and Partner ID. */
export function requestFormCard(data: RequestFormData, ui: Ui): CardJson {
  const t = cardText(ui);
  return expand(template, {
    title: t('request.title'),
    intro: t('request.intro'),
    error: banner(data.error),
    emailLabel: t('request.emailLabel'),
    emailPlaceholder: t('request.emailPlaceholder'),
    emailError: t('request.emailError'),
    resellerEmail: data.resellerEmail ?? '',
    partnerIdLabel: t('request.partnerIdLabel'),
    partnerIdPlaceholder: t('request.partnerIdPlaceholder'),
    partnerId: data.partnerId ?? '',
    enrolmentNote: t('request.enrolmentNote'),
    submit: action(ui, 'request.create', t('request.submit'), {}, 'positive'),
  });
}
