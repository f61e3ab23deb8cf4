// `npm run package`: the Teams app package of an environment (default `local`, or TEAMSFX_ENV, or
// `--env <name>`), as the Microsoft 365 Agents Toolkit's teamsApp/zipAppPackage makes it: the
// manifest and its zh-CN localisation filled from env/.env.<name> and the environment, checked
// offline against the official schemas of npm @microsoft/app-manifest, zipped with the two icons.
// Writes appPackage/build/manifest.<name>.json and appPackage/build/appPackage.<name>.zip
// (`--out <dir>` writes them elsewhere).
import { Buffer } from 'node:buffer';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { fill, loadEnvironment, PackageError, schemaPath, validateAgainst } from './app-package/manifest.mjs';
import { zip } from './app-package/zip.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const appPackage = join(root, 'appPackage');
const { values: options } = parseArgs({ options: { env: { type: 'string' }, out: { type: 'string' } } });
const name = options.env ?? process.env.TEAMSFX_ENV ?? 'local';

function stop(message) {
  console.error(`package: ${message}`);
  process.exit(1);
}

function validate(document, file, kind, version) {
  const errors = validateAgainst(document, schemaPath(version, kind));
  if (errors.length > 0) stop(`${file} does not match the v${version} schema:\n  ${errors.join('\n  ')}`);
}

try {
  if (!/^[a-z0-9-]+$/i.test(name)) throw new PackageError(`"${name}" is not an environment name`);
  const { values, standIns } = loadEnvironment(root, name, process.env);
  for (const key of standIns) {
    console.warn(
      `package: ${key} is not set in env/.env.${name}: using the stand-in ${values[key]}; the package validates, ` +
        'but Teams needs the real value (the toolkit writes it when it provisions, or set it yourself)',
    );
  }
  const manifestText = fill(readFileSync(join(appPackage, 'manifest.json'), 'utf8'), values, 'manifest.json');
  const manifest = JSON.parse(manifestText);
  const version = manifest.manifestVersion;
  if (!manifest.$schema?.endsWith(`/v${version}/MicrosoftTeams.schema.json`)) {
    throw new PackageError(`manifest.json: $schema does not name manifestVersion ${version}`);
  }
  validate(manifest, 'manifest.json', 'MicrosoftTeams', version);

  const files = [{ name: 'manifest.json', data: Buffer.from(manifestText) }];
  for (const { file } of manifest.localizationInfo?.additionalLanguages ?? []) {
    const text = fill(readFileSync(join(appPackage, file), 'utf8'), values, file);
    validate(JSON.parse(text), file, 'MicrosoftTeams.Localization', version);
    files.push({ name: file, data: Buffer.from(text) });
  }
  for (const icon of new Set(Object.values(manifest.icons))) {
    files.push({ name: icon, data: readFileSync(join(appPackage, icon)) });
  }

  const build = resolve(options.out ?? join(appPackage, 'build'));
  mkdirSync(build, { recursive: true });
  writeFileSync(join(build, `manifest.${name}.json`), manifestText);
  const zipPath = join(build, `appPackage.${name}.zip`);
  writeFileSync(zipPath, zip(files));
  console.log(
    `package: wrote ${zipPath.startsWith(root) ? relative(root, zipPath) : zipPath} (manifest ${version}, app ${manifest.id}, bot ${manifest.bots[0].botId}, ` +
      `${files.map((f) => f.name).join(', ')})`,
  );
} catch (error) {
  if (error instanceof PackageError) stop(error.message);
  throw error;
}
