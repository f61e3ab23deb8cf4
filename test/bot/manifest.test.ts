import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMMANDS, parseCommand } from '../../bot/commands.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'appPackage');
const read = (name: string) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as Record<string, unknown>;

interface Command {
  title: string;
  description: string;
}

describe('Teams app manifest', () => {
  const manifest = read('manifest.json') as {
    manifestVersion: string;
    bots: { botId: string; commandLists: { commands: Command[] }[] }[];
    localizationInfo: { additionalLanguages: { file: string }[] };
  };
  const commands = manifest.bots[0]?.commandLists[0]?.commands ?? [];

  it('is schema 1.17 or later with the bot id placeholder', () => {
    expect(Number(manifest.manifestVersion)).to.be.at.least(1.17);
    expect(manifest.bots[0]?.botId).to.equal('${{BOT_ID}}');
  });

  it('lists at most 10 commands within the Teams length limits, each one the bot understands', () => {
    expect(commands.length).to.be.within(1, 10);
    const english = Object.values(COMMANDS).flatMap((spec) => spec.en);
    for (const { title, description } of commands) {
      expect(title.length, title).to.be.at.most(32);
      expect(description.length, title).to.be.at.most(128);
      expect(english, title).to.include(title);
    }
  });

  it('localises every command into a Chinese command word of the same command', () => {
    const zh = read(manifest.localizationInfo.additionalLanguages[0]?.file ?? '');
    commands.forEach(({ title }, i) => {
      const chinese = zh[`bots[0].commandLists[0].commands[${i}].title`];
      expect(chinese, title).to.be.a('string');
      expect(parseCommand(String(chinese)).verb, title).to.equal(parseCommand(title).verb);
      expect(parseCommand(String(chinese)).chinese).to.equal(true);
    });
  });
});
