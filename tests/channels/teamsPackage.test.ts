/**
 * `npm run teams:package`: the manifest filled from the settings, checked against the
 * Teams JSON schema (offline), the icons checked, and the zip a Teams admin uploads.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { APP_PACKAGE_DIR, buildTeamsPackage, fillManifest, latestManifestVersion, PackageError, shippedManifestVersions, validateManifest } from '../../scripts/teams-package';

const APP_ID = '12345678-aaaa-bbbb-cccc-1234567890ab';
const out = mkdtempSync(path.join(tmpdir(), 'teams-package-'));

afterAll(() => rmSync(out, { recursive: true, force: true }));

/** The files of a zip, read from its central directory. */
function unzip(buf: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  for (let i = 0; i < count; i++) {
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    const dataStart = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(dataStart, dataStart + size);
    files.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return files;
}

describe('the Teams app package', () => {
  it('writes a zip with a valid manifest whose botId is MicrosoftAppId', async () => {
    const { zipPath, manifest } = await buildTeamsPackage({ MicrosoftAppId: APP_ID }, out);
    const files = unzip(readFileSync(zipPath));
    expect([...files.keys()].sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const m = JSON.parse(files.get('manifest.json')!.toString('utf8'));
    expect(m).toEqual(manifest);
    // the newest schema @microsoft/app-manifest ships offline (1.30 with its 1.1.2)
    expect(m.manifestVersion).toBe(latestManifestVersion());
    expect(shippedManifestVersions()).toContain('1.30');
    expect(m.$schema).toBe(`https://developer.microsoft.com/json-schemas/teams/v${latestManifestVersion()}/MicrosoftTeams.schema.json`);
    expect(m.id).toBe(APP_ID);
    expect(m.bots[0].botId).toBe(APP_ID);
    expect(m.bots[0].scopes.sort()).toEqual(['groupChat', 'personal', 'team']);
    expect(JSON.stringify(m)).not.toContain('{{');
    const color = PNG.sync.read(files.get('color.png')!);
    expect([color.width, color.height]).toEqual([192, 192]);
    const outline = PNG.sync.read(files.get('outline.png')!);
    expect([outline.width, outline.height]).toEqual([32, 32]);
    expect(outline.data[3]).toBe(0); // a transparent corner
  });

  it('keeps the prompt starters (the bot\'s command list) in every scope', () => {
    const m = fillManifest({ MicrosoftAppId: APP_ID }) as any;
    expect(() => validateManifest(m)).not.toThrow();
    const lists = m.bots[0].commandLists as Array<{ scopes: string[]; commands: Array<{ title: string; description: string }> }>;
    expect(lists).toHaveLength(1);
    expect(lists[0].scopes.sort()).toEqual(['groupChat', 'personal', 'team']);
    expect(lists[0].commands.map((c) => c.title)).toEqual(['Quelle carte dois-je utiliser ?', 'Puis-je consulter le DMP ?', "J'ai perdu ma CPS", 'aide', 'recommencer']);
    for (const c of lists[0].commands) expect(c.description.length).toBeGreaterThan(10);
  });

  it('takes the Teams app id and the version from the settings when given', () => {
    const m = fillManifest({ MicrosoftAppId: APP_ID, TEAMS_APP_ID: '87654321-aaaa-bbbb-cccc-1234567890ab', TEAMS_APP_VERSION: '2.1.0' });
    expect(m).toMatchObject({ id: '87654321-aaaa-bbbb-cccc-1234567890ab', version: '2.1.0' });
  });

  it('refuses to package without a valid MicrosoftAppId', () => {
    expect(() => fillManifest({})).toThrow(PackageError);
    expect(() => fillManifest({ MicrosoftAppId: 'not-a-guid' })).toThrow(/MicrosoftAppId/);
  });

  it('refuses a manifest that breaks the Teams schema, saying where', () => {
    const good = fillManifest({ MicrosoftAppId: APP_ID });
    expect(() => validateManifest(good)).not.toThrow();
    const badScope = structuredClone(good) as any;
    badScope.bots[0].scopes = ['personal', 'everywhere'];
    expect(() => validateManifest(badScope)).toThrow(/\/bots\/0\/scopes/);
    const noDeveloper = structuredClone(good) as any;
    delete noDeveloper.developer;
    expect(() => validateManifest(noDeveloper)).toThrow(/developer/);
    // a field the 1.30 schema does not know, and a version it does not ship
    const unknownField = structuredClone(good) as any;
    unknownField.bots[0].commandLists[0].commands[0].prompte = 'x';
    expect(() => validateManifest(unknownField)).toThrow(/\/bots\/0\/commandLists\/0\/commands\/0 must NOT have additional properties/);
    const tooManyCommands = structuredClone(good) as any;
    tooManyCommands.bots[0].commandLists[0].commands = Array.from({ length: 13 }, (_v, i) => ({ title: `commande ${i}` }));
    expect(() => validateManifest(tooManyCommands)).toThrow(/\/bots\/0\/commandLists\/0\/commands must NOT have more than 12 items/);
    const unshipped = structuredClone(good) as any;
    unshipped.manifestVersion = '9.99';
    expect(() => validateManifest(unshipped)).toThrow(/9\.99 : aucun schéma/);
    const mismatch = structuredClone(good) as any;
    mismatch.$schema = 'https://developer.microsoft.com/json-schemas/teams/v1.22/MicrosoftTeams.schema.json';
    expect(() => validateManifest(mismatch)).toThrow(/\$schema désigne le schéma 1\.22/);
    const httpUrl = fillManifest({ MicrosoftAppId: APP_ID, TEAMS_PRIVACY_URL: 'http://example.org' });
    expect(() => validateManifest(httpUrl)).toThrow(/privacyUrl/);
  });

  it('refuses icons of the wrong size', () => {
    const m = fillManifest({ MicrosoftAppId: APP_ID }) as any;
    m.icons = { color: 'outline.png', outline: 'outline.png' };
    expect(() => validateManifest(m, APP_PACKAGE_DIR)).toThrow(/192×192/);
  });
});
