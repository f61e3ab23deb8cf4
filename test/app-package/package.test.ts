import { ManifestUtil, type TeamsAppManifest } from '@microsoft/app-manifest';
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { drawColorIcon, drawOutlineIcon } from '../../scripts/app-package/icons.mjs';
import { LOCAL_STAND_INS, schemaPath, validateAgainst } from '../../scripts/app-package/manifest.mjs';
import { decodePng, readZip, type Image } from './zip-png.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BOT_ID = '6f1c2a43-5b7e-4d8f-9a0b-1c2d3e4f5a6b';
const TEAMS_APP_ID = '0a9b8c7d-6e5f-4a3b-8c1d-0e9f8a7b6c5d';

/** `npm run package` in a child process, into a temporary folder, with only the given variables set. */
function runPackage(env: Record<string, string>, args: string[] = []) {
  const out = mkdtempSync(join(tmpdir(), 'rrb-package-'));
  const clean: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ...env };
  const result = spawnSync(
    process.execPath,
    [join(root, 'scripts', 'package-app.mjs'), '--out', out, ...args],
    {
      cwd: root,
      env: clean,
      encoding: 'utf8',
    },
  );
  return { ...result, out };
}

interface Manifest {
  $schema: string;
  manifestVersion: string;
  id: string;
  bots: {
    botId: string;
    scopes: string[];
    commandLists: { scopes: string[]; commands: { title: string }[] }[];
  }[];
  staticTabs: { entityId: string; contentUrl?: string; scopes: string[] }[];
  validDomains: string[];
  webApplicationInfo: { id: string; resource: string };
  icons: { color: string; outline: string };
  localizationInfo: {
    defaultLanguageTag: string;
    additionalLanguages: { languageTag: string; file: string }[];
  };
}

describe('Teams app package (npm run package)', function () {
  this.timeout(30_000);

  describe('with the values of a provisioned environment', () => {
    let entries: Map<string, Buffer>;
    let manifest: Manifest;
    let out: string;

    before(() => {
      const run = runPackage(
        { TEAMS_APP_ID, BOT_ID, BOT_ENDPOINT: 'https://bots.contoso.example', APP_NAME_SUFFIX: '' },
        ['--env', 'ci'],
      );
      out = run.out;
      expect(run.status, run.stderr).to.equal(0);
      entries = readZip(readFileSync(join(out, 'appPackage.ci.zip')));
      manifest = JSON.parse(entries.get('manifest.json')?.toString('utf8') ?? '{}') as Manifest;
    });
    after(() => rmSync(out, { recursive: true, force: true }));

    it('zips exactly the manifest, its localisation and the two icons at the root of the archive', () => {
      expect([...entries.keys()]).to.have.members([
        'manifest.json',
        'zh-cn.json',
        'color.png',
        'outline.png',
      ]);
      expect(readFileSync(join(out, 'manifest.ci.json'))).to.deep.equal(entries.get('manifest.json'));
    });

    it('fills every placeholder from the environment', () => {
      for (const [name, data] of entries) {
        if (name.endsWith('.json')) expect(data.toString('utf8'), name).to.not.include('${{');
      }
      expect(manifest.id).to.equal(TEAMS_APP_ID);
      expect(manifest.bots[0]?.botId).to.equal(BOT_ID);
      expect(manifest.validDomains).to.deep.equal(['bots.contoso.example']);
      expect(manifest.webApplicationInfo).to.deep.equal({
        id: BOT_ID,
        resource: `api://bots.contoso.example/botid-${BOT_ID}`,
      });
      // The resellers tab, then the chat and About tabs of a personal app; the pages are on the valid domain.
      expect(manifest.staticTabs.map((t) => t.entityId)).to.deep.equal([
        'resellers',
        'conversations',
        'about',
      ]);
      const [tab] = manifest.staticTabs;
      expect(tab?.contentUrl).to.equal('https://bots.contoso.example/tabs/resellers?locale={locale}');
      expect(tab?.scopes).to.deep.equal(['personal']);
    });

    it('validates offline against the official schema of its manifestVersion (1.19 or newer)', async () => {
      const version = manifest.manifestVersion;
      expect(Number(version.split('.')[1])).to.be.at.least(19);
      expect(manifest.$schema).to.equal(
        `https://developer.microsoft.com/en-us/json-schemas/teams/v${version}/MicrosoftTeams.schema.json`,
      );
      const schema = JSON.parse(readFileSync(schemaPath(version), 'utf8'));
      const errors = await ManifestUtil.validateManifestAgainstSchema(
        manifest as unknown as TeamsAppManifest,
        schema,
      );
      expect(errors).to.deep.equal([]);
    });

    it('offers the bot in personal chats, group chats and teams, with its commands', () => {
      const [bot] = manifest.bots;
      expect(bot?.scopes).to.have.members(['personal', 'team', 'groupChat']);
      expect(bot?.commandLists[0]?.scopes).to.have.members(['personal', 'team', 'groupChat']);
      expect(bot?.commandLists[0]?.commands.map((c) => c.title)).to.include.members([
        'help',
        'invite',
        'remove',
      ]);
    });

    it('localises into zh-CN with a file that matches the localisation schema and names real elements', () => {
      expect(manifest.localizationInfo.additionalLanguages).to.deep.equal([
        { languageTag: 'zh-cn', file: 'zh-cn.json' },
      ]);
      const zh = JSON.parse(entries.get('zh-cn.json')?.toString('utf8') ?? '{}') as Record<string, string>;
      expect(zh.$schema).to.equal(
        `https://developer.microsoft.com/en-us/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.Localization.schema.json`,
      );
      expect(
        validateAgainst(zh, schemaPath(manifest.manifestVersion, 'MicrosoftTeams.Localization')),
      ).to.deep.equal([]);
      expect(zh['name.short']).to.equal('经销商合作关系');
      expect(zh['staticTabs[0].name']).to.equal('经销商');
      for (const key of Object.keys(zh).filter((k) => k.includes('['))) {
        // "bots[0].commandLists[0].commands[3].title" must point at an element of the manifest.
        const path = key
          .replace(/\.(name|title|description)$/, '')
          .split(/[.[\]]+/)
          .filter(Boolean);
        let node: unknown = manifest;
        for (const step of path) node = (node as Record<string, unknown>)[step];
        expect(node, key).to.be.an('object');
      }
    });

    it('ships a 192×192 colour icon and a 32×32 outline icon, white on transparent, drawn by the project', () => {
      const color = decodePng(entries.get(manifest.icons.color) ?? Buffer.alloc(0));
      expect([color.width, color.height]).to.deep.equal([192, 192]);
      expect(
        alphas(color).every((a) => a === 255),
        'colour icon opaque',
      ).to.equal(true);

      const outline = decodePng(entries.get(manifest.icons.outline) ?? Buffer.alloc(0));
      expect([outline.width, outline.height]).to.deep.equal([32, 32]);
      const alpha = alphas(outline);
      expect(alpha.filter((a) => a === 0).length, 'transparent pixels').to.be.greaterThan(32 * 32 * 0.5);
      expect(alpha.filter((a) => a === 255).length, 'opaque pixels').to.be.greaterThan(40);
      for (let i = 0; i < alpha.length; i++) {
        const [r, g, b] = [outline.pixels[i * 4], outline.pixels[i * 4 + 1], outline.pixels[i * 4 + 2]];
        expect([r, g, b], `pixel ${i}`).to.deep.equal([255, 255, 255]);
      }
      // The files in appPackage/ are what scripts/app-package/icons.mjs draws (npm run icons).
      expect(entries.get('color.png')).to.deep.equal(drawColorIcon());
      expect(entries.get('outline.png')).to.deep.equal(drawOutlineIcon());
    });
  });

  it('packages the local environment before it is provisioned, with stand-ins it names', () => {
    const run = runPackage({});
    try {
      expect(run.status, run.stderr).to.equal(0);
      for (const name of Object.keys(LOCAL_STAND_INS))
        expect(run.stderr).to.include(`package: ${name} is not set`);
      const manifest = JSON.parse(
        readZip(readFileSync(join(run.out, 'appPackage.local.zip')))
          .get('manifest.json')
          ?.toString('utf8') ?? '{}',
      ) as Manifest & { name: { short: string } };
      expect(manifest.bots[0]?.botId).to.equal(LOCAL_STAND_INS.BOT_ID);
      expect(manifest.name.short).to.equal('Reseller Relationships (local)');
      expect(manifest.validDomains).to.deep.equal(['localhost']);
    } finally {
      rmSync(run.out, { recursive: true, force: true });
    }
  });

  it('refuses an environment that lacks a value, naming each missing variable, and writes nothing', () => {
    const run = runPackage({ BOT_ID }, ['--env', 'ci']);
    try {
      expect(run.status).to.equal(1);
      expect(run.stderr.trim()).to.equal(
        'package: manifest.json needs TEAMS_APP_ID, APP_NAME_SUFFIX, BOT_ENDPOINT, BOT_DOMAIN: set them in env/ or the environment',
      );
      expect(() => readFileSync(join(run.out, 'appPackage.ci.zip'))).to.throw();
    } finally {
      rmSync(run.out, { recursive: true, force: true });
    }
  });

  it('refuses a value the schema does not allow, with the schema error', () => {
    const run = runPackage(
      { TEAMS_APP_ID, BOT_ID: 'not-a-guid', BOT_ENDPOINT: 'https://b.example', APP_NAME_SUFFIX: '' },
      ['--env', 'ci'],
    );
    try {
      expect(run.status).to.equal(1);
      expect(run.stderr).to.match(
        /manifest\.json does not match the v1\.\d+ schema:\n {2}\/bots\/0\/botId must match pattern/,
      );
    } finally {
      rmSync(run.out, { recursive: true, force: true });
    }
  });
});

function alphas(image: Image): number[] {
  return Array.from({ length: image.width * image.height }, (_, i) => image.pixels[i * 4 + 3] ?? 0);
}
