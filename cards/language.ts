import { LOCALES } from '../i18n/index.js';
import { action, banner, cardText, expand, type CardJson, type Ui } from './render.js';
import template from './templates/language.json' with { type: 'json' };

/**
 * The language chooser: one button per supported language, each named in its own language;
 * `requested` is a language the user asked for that the bot does not speak.
 */
export function languageCard(ui: Ui, requested?: string): CardJson {
  const t = cardText(ui);
  return expand(template, {
    title: t('language.title'),
    problem: banner(requested ? t('language.unknown', { requested }) : undefined),
    current: t('language.current', { language: t(`language.name.${ui.locale}`) }),
    actions: LOCALES.map((locale) =>
      action(
        ui,
        'language.set',
        t(`language.name.${locale}`),
        { locale },
        locale === ui.locale ? 'positive' : 'default',
      ),
    ),
  });
}
