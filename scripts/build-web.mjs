// `npm run build:web`: bundles the pages' scripts (web/pages/*.ts, with @microsoft/teams-js) into
// dist/web/ with esbuild; the bot serves them as /web/<name>.js. `npm start` runs it first.
import { build } from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const pages = join(root, 'web', 'pages');
/** Each page has one entry; the other files are its modules. */
const ENTRIES = ['draft-dialog', 'resellers-tab'];

export async function buildWeb() {
  const missing = ENTRIES.filter((name) => !readdirSync(pages).includes(`${name}.ts`));
  if (missing.length > 0) throw new Error(`build-web: no web/pages/${missing[0]}.ts`);
  rmSync(join(root, 'dist', 'web'), { recursive: true, force: true });
  await build({
    entryPoints: ENTRIES.map((name) => join(pages, `${name}.ts`)),
    outdir: join(root, 'dist', 'web'),
    bundle: true,
    minify: true,
    // Modules, so that teams-js is a chunk of its own, loaded only when Teams frames the page.
    format: 'esm',
    splitting: true,
    entryNames: '[name]',
    chunkNames: '[name]-[hash]',
    target: ['es2020'],
    platform: 'browser',
    legalComments: 'none',
    logLevel: 'warning',
  });
  return join(root, 'dist', 'web');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(`build-web: wrote ${await buildWeb()}`);
}
