/**
 * `npm run teams:package`: builds the Microsoft Teams app package a Teams administrator
 * uploads (Teams admin center › Gérer les applications › Charger, or « Charger une
 * application personnalisée » in Teams).
 *
 * It fills appPackage/manifest.template.json from the settings (.env or environment),
 * checks the manifest against the Teams JSON schema of its manifestVersion (shipped
 * offline by @microsoft/app-manifest; the template follows the newest one it ships,
 * 1.30 with @microsoft/app-manifest 1.1.2), checks the icons' sizes and the outline's
 * transparency, then writes appPackage/build/assistant-cartes-cpx-teams.zip
 * (manifest.json, color.png, outline.png).
 *
 * Settings: MicrosoftAppId (required: the Azure Bot's app id, becomes bots[0].botId),
 * TEAMS_APP_ID (default: MicrosoftAppId), TEAMS_APP_VERSION (default: package.json's),
 * TEAMS_DEVELOPER_WEBSITE_URL, TEAMS_PRIVACY_URL, TEAMS_TERMS_URL (https).
 */
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { config as loadDotenv } from 'dotenv';
import { PNG } from 'pngjs';
import { ZipFile } from 'yazl';

const ROOT = path.resolve(__dirname, '..');
export const APP_PACKAGE_DIR = path.join(ROOT, 'appPackage');
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const DEFAULT_URL = 'https://www.ameli.fr/vendee';

export class PackageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PackageError';
  }
}

type Env = Record<string, string | undefined>;

/** The manifest filled from the settings (not yet validated). */
export function fillManifest(env: Env, dir = APP_PACKAGE_DIR): Record<string, unknown> {
  const appId = env.MicrosoftAppId?.trim() ?? '';
  if (!GUID.test(appId)) {
    throw new PackageError("MicrosoftAppId manquant ou invalide : indiquez l'identifiant d'application (GUID) de la ressource Azure Bot, dans .env ou l'environnement.");
  }
  const teamsAppId = env.TEAMS_APP_ID?.trim() || appId;
  if (!GUID.test(teamsAppId)) throw new PackageError('TEAMS_APP_ID invalide : un GUID est attendu.');
  const version = env.TEAMS_APP_VERSION?.trim() || (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  const values: Record<string, string> = {
    MicrosoftAppId: appId,
    TEAMS_APP_ID: teamsAppId,
    TEAMS_APP_VERSION: version,
    TEAMS_DEVELOPER_WEBSITE_URL: env.TEAMS_DEVELOPER_WEBSITE_URL?.trim() || DEFAULT_URL,
    TEAMS_PRIVACY_URL: env.TEAMS_PRIVACY_URL?.trim() || DEFAULT_URL,
    TEAMS_TERMS_URL: env.TEAMS_TERMS_URL?.trim() || DEFAULT_URL,
  };
  const template = JSON.parse(readFileSync(path.join(dir, 'manifest.template.json'), 'utf8')) as unknown;
  const fill = (v: unknown): unknown => {
    if (typeof v === 'string') {
      return v.replace(/\{\{(\w+)\}\}/g, (_m, name: string) => {
        if (!(name in values)) throw new PackageError(`réglage inconnu dans le modèle de manifeste : ${name}`);
        return values[name];
      });
    }
    if (Array.isArray(v)) return v.map(fill);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x)]));
    return v;
  };
  return fill(template) as Record<string, unknown>;
}

/** The folder of the Teams JSON schemas that @microsoft/app-manifest ships (one v<version> folder each). */
function teamsSchemaDir(): string {
  const main = require.resolve('@microsoft/app-manifest');
  const base = main.slice(0, main.lastIndexOf(`${path.sep}build${path.sep}`));
  return path.join(base, 'build', 'json-schemas', 'teams');
}

/** The manifest versions whose schema is shipped offline, oldest first (« 1.9 » < « 1.30 »; no preview). */
export function shippedManifestVersions(): string[] {
  const key = (v: string) => v.split('.').map(Number);
  return readdirSync(teamsSchemaDir())
    .filter((d) => /^v\d+\.\d+$/.test(d) && existsSync(path.join(teamsSchemaDir(), d, 'MicrosoftTeams.schema.json')))
    .map((d) => d.slice(1))
    .sort((a, b) => key(a)[0] - key(b)[0] || key(a)[1] - key(b)[1]);
}

/** The newest manifest version whose schema is shipped offline. */
export function latestManifestVersion(): string {
  const versions = shippedManifestVersions();
  if (versions.length === 0) throw new PackageError('aucun schéma de manifeste Teams trouvé dans @microsoft/app-manifest');
  return versions[versions.length - 1];
}

/** The Teams JSON schema of a manifest version, from @microsoft/app-manifest (offline). */
export function teamsSchema(manifestVersion: string): Record<string, unknown> {
  const file = path.join(teamsSchemaDir(), `v${manifestVersion}`, 'MicrosoftTeams.schema.json');
  if (!/^\d+\.\d+$/.test(manifestVersion) || !existsSync(file)) {
    throw new PackageError(`/manifestVersion ${manifestVersion} : aucun schéma de cette version dans @microsoft/app-manifest (versions connues : ${shippedManifestVersions().join(', ')})`);
  }
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

/** Validates a manifest against its schema and checks the icons; throws PackageError. */
export function validateManifest(manifest: Record<string, unknown>, dir = APP_PACKAGE_DIR): void {
  const version = String(manifest.manifestVersion);
  const schema = teamsSchema(version);
  const ajv = new Ajv04({ allErrors: true, strict: false });
  addFormats(ajv as never);
  const validate = ajv.compile<unknown>(schema);
  if (!validate(manifest)) {
    const lines = (validate.errors ?? []).map((e) => `  ${e.instancePath || '/'} ${e.message}${e.params ? ' ' + JSON.stringify(e.params) : ''}`);
    throw new PackageError(`Le manifeste Teams ne respecte pas le schéma ${version} :\n${lines.join('\n')}`);
  }
  // the $schema an editor reads must be the one the manifest is checked against
  const declared = typeof manifest.$schema === 'string' ? /\/v(\d+\.\d+)\/MicrosoftTeams\.schema\.json$/.exec(manifest.$schema)?.[1] : version;
  if (declared !== version) throw new PackageError(`/$schema désigne le schéma ${declared ?? '?'} alors que manifestVersion vaut ${version}`);
  // the schema lets http:// through; Teams' validation wants https
  const developer = manifest.developer as Record<string, string>;
  for (const key of ['websiteUrl', 'privacyUrl', 'termsOfUseUrl']) {
    if (!/^https:\/\/[^\s]+$/.test(developer[key] ?? '')) throw new PackageError(`/developer/${key} doit être une adresse https:// (réglage TEAMS_…_URL)`);
  }
  const icons = manifest.icons as { color: string; outline: string };
  const color = PNG.sync.read(readFileSync(path.join(dir, icons.color)));
  if (color.width !== 192 || color.height !== 192) throw new PackageError(`${icons.color} doit mesurer 192×192 (il mesure ${color.width}×${color.height})`);
  const outline = PNG.sync.read(readFileSync(path.join(dir, icons.outline)));
  if (outline.width !== 32 || outline.height !== 32) throw new PackageError(`${icons.outline} doit mesurer 32×32 (il mesure ${outline.width}×${outline.height})`);
  let transparent = 0;
  for (let i = 0; i < outline.data.length; i += 4) {
    const a = outline.data[i + 3];
    if (a === 0) transparent++;
    else if (outline.data[i] < 250 || outline.data[i + 1] < 250 || outline.data[i + 2] < 250) throw new PackageError(`${icons.outline} : le contour doit être blanc sur fond transparent`);
  }
  if (transparent < (32 * 32) / 2) throw new PackageError(`${icons.outline} : le fond doit être transparent`);
}

/** Fills, validates and zips the package; returns the zip's path and the manifest. */
export async function buildTeamsPackage(env: Env, outDir = path.join(APP_PACKAGE_DIR, 'build')): Promise<{ zipPath: string; manifest: Record<string, unknown> }> {
  const manifest = fillManifest(env);
  validateManifest(manifest);
  mkdirSync(outDir, { recursive: true });
  const zipPath = path.join(outDir, 'assistant-cartes-cpx-teams.zip');
  const zip = new ZipFile();
  const icons = manifest.icons as { color: string; outline: string };
  zip.addBuffer(Buffer.from(JSON.stringify(manifest, null, 2) + '\n'), 'manifest.json');
  zip.addFile(path.join(APP_PACKAGE_DIR, icons.color), icons.color);
  zip.addFile(path.join(APP_PACKAGE_DIR, icons.outline), icons.outline);
  zip.end();
  await new Promise<void>((resolve, reject) => {
    const out = createWriteStream(zipPath);
    out.on('close', () => resolve());
    out.on('error', reject);
    zip.outputStream.on('error', reject).pipe(out);
  });
  return { zipPath, manifest };
}

if (require.main === module) {
  loadDotenv({ quiet: true } as never);
  buildTeamsPackage(process.env)
    .then(({ zipPath, manifest }) => {
      const bot = (manifest.bots as Array<{ botId: string }>)[0];
      console.log(`Manifeste Teams ${manifest.manifestVersion} valide (botId ${bot.botId}).`);
      console.log(`Paquet prêt à charger dans Teams : ${path.relative(process.cwd(), zipPath)}`);
    })
    .catch((err) => {
      console.error(err instanceof PackageError ? err.message : err);
      process.exit(1);
    });
}
