/**
 * Runs of three or more Latin words: English prose where there should be none. Two-word product
 * names (Microsoft Teams, MPN ID, Microsoft Entra) stay below it; a word starts with a letter, so
 * "Microsoft 365 E3" is no run. Placeholders, e-mail addresses, URLs and a command line the
 * reader types (`npm run …`, up to the end of its line) are not words.
 */
export function englishRuns(text: string, allowed: readonly string[] = []): string[] {
  let rest = text;
  for (const name of allowed) rest = rest.split(name).join(' ');
  rest = rest
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/\bnpm run [^\n]*/g, ' ')
    .replace(/\S+@\S+/g, ' ')
    .replace(/\{\w+\}/g, ' ');
  return rest.match(ENGLISH_RUN) ?? [];
}

const WORD = String.raw`[A-Za-z][A-Za-z'’&-]*`;
const ENGLISH_RUN = new RegExp(String.raw`\b${WORD}(?:[ \t]+${WORD}){2,}`, 'g');

/** Outside names a Chinese card may show as they are (demo and test data). */
export const LATIN_NAMES = [
  'Contoso Cloud Partners',
  'Fabrikam Solutions',
  'Wide World Importers',
  'Adatum Distribution',
  'Ada Admin',
  'Chen Jie',
];
