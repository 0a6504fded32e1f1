/**
 * The rooms keep their doors: the Bot Framework SDK and restify are imported only where
 * the SDK glue and HTTP live (src/bot, src/dialogs, src/http, src/state, src/channels and
 * the entry point), so that a move to the Microsoft 365 Agents SDK touches only those
 * rooms; the domain (src/domain, src/knowledge, src/nlu, src/answers, src/events) knows
 * nothing of them.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(__dirname, '..', 'src');
const SDK_ROOMS = ['bot', 'dialogs', 'http', 'state', 'channels'];
const SDK_IMPORT = /from ['"](botbuilder[\w-]*|botframework-[\w-]+|restify)['"]|require\(['"](botbuilder[\w-]*|restify)['"]\)/;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const full = path.join(dir, f);
    return statSync(full).isDirectory() ? files(full) : full.endsWith('.ts') ? [full] : [];
  });
}

/** The files of src that import the SDK or restify outside the SDK rooms. */
function outsideTheirRooms(sources: Array<{ file: string; text: string }>): string[] {
  return sources
    .filter(({ file }) => {
      const rel = path.relative(SRC, file).split(path.sep);
      return !(rel.length === 1 && rel[0] === 'index.ts') && !SDK_ROOMS.includes(rel[0]);
    })
    .filter(({ text }) => SDK_IMPORT.test(text))
    .map(({ file }) => path.relative(SRC, file));
}

describe('the layout', () => {
  it('keeps botbuilder and restify imports in the SDK rooms and the entry point', () => {
    const sources = files(SRC).map((file) => ({ file, text: readFileSync(file, 'utf8') }));
    expect(sources.length).toBeGreaterThan(40);
    expect(outsideTheirRooms(sources)).toEqual([]);
  });

  it('would notice a domain file importing the SDK (the check can fail)', () => {
    expect(outsideTheirRooms([{ file: path.join(SRC, 'nlu', 'x.ts'), text: "import { TurnContext } from 'botbuilder';" }])).toEqual([path.join('nlu', 'x.ts')]);
    expect(outsideTheirRooms([{ file: path.join(SRC, 'http', 'x.ts'), text: "import restify from 'restify';" }])).toEqual([]);
  });
});
