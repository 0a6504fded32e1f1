/**
 * Settings, from the environment (and a .env file when present). Every setting has an
 * embedded default for local use; a value that cannot be used stops start-up with the
 * variable's name and what it expects.
 */
import { config as loadDotenv } from 'dotenv';
import { MEMORY_STATE_DEFAULTS } from './state/memoryStorage';

export interface Settings {
  port: number;
  /** interface to listen on; default: 127.0.0.1 without MicrosoftAppId (anonymous), 0.0.0.0 with it */
  host: string;
  microsoftAppId: string;
  microsoftAppPassword: string;
  microsoftAppType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  microsoftAppTenantId: string;
  /** folder of the knowledge files; empty for the ones shipped with the bot */
  knowledgeDir: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** logs what users type: for debugging only (health context, GDPR) */
  logUserText: boolean;
  /** largest request body accepted, in bytes */
  maxBodyBytes: number;
  /** where conversation and user state live: memory (one process) or Azure Blob Storage */
  storage: 'memory' | 'blob';
  /** STORAGE=memory: a conversation or a user profile idle for this long is forgotten, in minutes */
  memoryStateTtlMinutes: number;
  /** STORAGE=memory: states kept at most (conversations and profiles); beyond, the least recently used goes */
  memoryStateMaxItems: number;
  blobConnectionString: string;
  blobContainer: string;
  /** per-IP requests per second on browser-reachable routes (0: off) and burst */
  rateLimitPerSecond: number;
  rateLimitBurst: number;
  /** read the client IP from X-Forwarded-For (behind a trusted reverse proxy only): trustProxyHops > 0 */
  trustProxy: boolean;
  /** reverse proxies in front of the bot: the client is the right-most X-Forwarded-For address they did not add */
  trustProxyHops: number;
  /** Bot Framework OpenID metadata (empty: the SDK's public cloud defaults) */
  toBotFromChannelOpenIdMetadataUrl: string;
  toBotFromEmulatorOpenIdMetadataUrl: string;
  /** longest wait for a token check before refusing the request, in ms */
  authTimeoutMs: number;
  /** anonymous mode: origins the bot may send replies to besides loopback ('*': any) */
  allowedServiceUrls: string[];
  /** longest wait for an outbound call to a channel (replies), in ms */
  outboundTimeoutMs: number;
  /** on SIGTERM, longest wait for the turns in flight, in ms */
  shutdownTimeoutMs: number;
  /** the web chat page's own Direct Line subset (no Azure); default: on without MicrosoftAppId */
  webchatLocal: boolean;
  /** local Direct Line: live conversations at most, per client address at most, polls per second per address (0: no limit) */
  webchatMaxConversations: number;
  webchatConversationsPerAddress: number;
  webchatPollsPerSecond: number;
  /** Direct Line secret of the Azure Bot's Web Chat channel, exchanged for short-lived tokens */
  directLineSecret: string;
  /** Direct Line service base URL (regional endpoints, or a stand-in in tests) */
  directLineEndpoint: string;
  /** CSP frame-ancestors of the web chat page: which sites may embed it */
  webchatFrameAncestors: string;

  // ── Learning from use (src/events; see docs/learning-from-use.md) ──
  /** where usage events go: a local folder (default), this process, Azure Blob Storage, or nowhere */
  eventsStore: 'file' | 'memory' | 'blob' | 'off';
  /** folder of the file store */
  eventsDir: string;
  /** Blob container of the events and review texts (same account as the state) */
  eventsContainer: string;
  /** key of the conversation pseudonyms (empty: one made and kept beside the events) */
  eventsSecret: string;
  eventsRetentionDays: number;
  /** keeps the scrubbed texts of the questions not answered (a processing to declare) */
  reviewTexts: boolean;
  reviewRetentionDays: number;
  /** OTLP/HTTP metrics endpoint (empty: no OpenTelemetry export) */
  otlpMetricsEndpoint: string;
  otlpExportIntervalMs: number;
}

export class SettingsError extends Error {
  constructor(variable: string, expected: string) {
    super(`Réglage invalide : ${variable} — ${expected}. Corrigez-le dans l'environnement ou dans le fichier .env (voir .env.example).`);
    this.name = 'SettingsError';
  }
}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new SettingsError(name, `un entier entre ${min} et ${max} est attendu`);
  return n;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (['1', 'true', 'yes', 'oui', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'non', 'off'].includes(raw)) return false;
  throw new SettingsError(name, 'true ou false est attendu');
}

function oneOf<T extends string>(env: Env, name: string, values: readonly T[], fallback: T): T {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!(values as readonly string[]).includes(raw)) throw new SettingsError(name, `une de ces valeurs est attendue : ${values.join(', ')}`);
  return raw as T;
}

/** A list of http(s) origins separated by commas or spaces, or * for any. */
function origins(env: Env, name: string): string[] {
  const raw = env[name]?.trim();
  if (!raw) return [];
  if (raw === '*') return ['*'];
  return raw.split(/[\s,]+/).filter(Boolean).map((item) => {
    let url: URL | undefined;
    try {
      url = new URL(item);
    } catch {
      url = undefined;
    }
    if (!url || !/^https?:$/.test(url.protocol)) throw new SettingsError(name, 'des adresses http(s) séparées par des virgules sont attendues (par exemple https://smba.trafficmanager.net), ou *');
    return url.origin;
  });
}

/** True for a loopback host name or address (127.0.0.0/8, ::1, localhost). */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/** What start-up must warn about: an anonymous bot opened beyond loopback, or to any serviceUrl. */
export function startupWarnings(s: Settings): string[] {
  if (s.microsoftAppId) return [];
  const warnings: string[] = [];
  if (!isLoopbackHost(s.host)) {
    warnings.push(`Mode anonyme (sans MicrosoftAppId) ouvert au réseau par HOST=${s.host} : n'importe qui peut parler au bot sans jeton. Réservé à un réseau de confiance ; en production, renseignez MicrosoftAppId.`);
  }
  if (s.allowedServiceUrls.includes('*')) {
    warnings.push("ALLOWED_SERVICE_URLS=* : en mode anonyme, le bot envoie ses réponses à toute adresse (serviceUrl) qu'un appelant lui donne.");
  }
  return warnings;
}

/** Reads the settings; `env` defaults to process.env completed by .env. */
export function loadSettings(env?: Env): Settings {
  if (!env) {
    loadDotenv({ quiet: true } as never);
    env = process.env;
  }
  const s: Settings = {
    port: int(env, 'PORT', 3978, 0, 65535),
    host: env.HOST?.trim() || (env.MicrosoftAppId?.trim() ? '0.0.0.0' : '127.0.0.1'),
    microsoftAppId: env.MicrosoftAppId?.trim() ?? '',
    microsoftAppPassword: env.MicrosoftAppPassword?.trim() ?? '',
    microsoftAppType: oneOf(env, 'MicrosoftAppType', ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'] as const, 'MultiTenant'),
    microsoftAppTenantId: env.MicrosoftAppTenantId?.trim() ?? '',
    knowledgeDir: env.KNOWLEDGE_DIR?.trim() ?? '',
    logLevel: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
    logUserText: bool(env, 'LOG_USER_TEXT', false),
    maxBodyBytes: int(env, 'MAX_BODY_BYTES', 256 * 1024, 1024, 10 * 1024 * 1024),
    storage: oneOf(env, 'STORAGE', ['memory', 'blob'] as const, 'memory'),
    memoryStateTtlMinutes: int(env, 'MEMORY_STATE_TTL_MINUTES', MEMORY_STATE_DEFAULTS.ttlMinutes, 1, 7 * 24 * 60),
    memoryStateMaxItems: int(env, 'MEMORY_STATE_MAX_ITEMS', MEMORY_STATE_DEFAULTS.maxItems, 10, 10_000_000),
    blobConnectionString: env.BLOB_CONNECTION_STRING?.trim() ?? '',
    blobContainer: env.BLOB_CONTAINER?.trim() || 'cpx-state',
    rateLimitPerSecond: int(env, 'RATE_LIMIT_PER_SECOND', 5, 0, 100_000),
    rateLimitBurst: int(env, 'RATE_LIMIT_BURST', 20, 1, 100_000),
    trustProxy: false,
    trustProxyHops: int(env, 'TRUST_PROXY_HOPS', bool(env, 'TRUST_PROXY', false) ? 1 : 0, 0, 10),
    toBotFromChannelOpenIdMetadataUrl: env.ToBotFromChannelOpenIdMetadataUrl?.trim() ?? '',
    toBotFromEmulatorOpenIdMetadataUrl: env.ToBotFromEmulatorOpenIdMetadataUrl?.trim() ?? '',
    authTimeoutMs: int(env, 'AUTH_TIMEOUT_MS', 5000, 100, 60_000),
    allowedServiceUrls: origins(env, 'ALLOWED_SERVICE_URLS'),
    outboundTimeoutMs: int(env, 'OUTBOUND_TIMEOUT_MS', 15_000, 1000, 120_000),
    shutdownTimeoutMs: int(env, 'SHUTDOWN_TIMEOUT_MS', 10_000, 0, 120_000),
    webchatLocal: false,
    webchatMaxConversations: int(env, 'WEBCHAT_MAX_CONVERSATIONS', 1000, 1, 1_000_000),
    webchatConversationsPerAddress: int(env, 'WEBCHAT_CONVERSATIONS_PER_ADDRESS', 20, 1, 1_000_000),
    webchatPollsPerSecond: int(env, 'WEBCHAT_POLLS_PER_SECOND', 40, 0, 100_000),
    directLineSecret: env.DIRECT_LINE_SECRET?.trim() ?? '',
    directLineEndpoint: (env.DIRECT_LINE_ENDPOINT?.trim() || 'https://directline.botframework.com/v3/directline').replace(/\/+$/, ''),
    webchatFrameAncestors: env.WEBCHAT_FRAME_ANCESTORS?.trim() || '*',
    ...LEARNING_DEFAULTS,
  };
  if (s.storage === 'blob' && !s.blobConnectionString) {
    throw new SettingsError('BLOB_CONNECTION_STRING', 'obligatoire avec STORAGE=blob (chaîne de connexion du compte de stockage Azure)');
  }
  if (!/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/.test(s.blobContainer)) {
    throw new SettingsError('BLOB_CONTAINER', 'un nom de conteneur Azure est attendu (3 à 63 caractères : minuscules, chiffres, tirets)');
  }
  s.trustProxy = s.trustProxyHops > 0;
  s.webchatLocal = bool(env, 'WEBCHAT_LOCAL', !s.microsoftAppId);
  if (!/^https:\/\/[^\s/]+(\/[^\s]*)?$/i.test(s.directLineEndpoint) && !/^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?(\/[^\s]*)?$/i.test(s.directLineEndpoint)) {
    throw new SettingsError('DIRECT_LINE_ENDPOINT', 'une adresse https:// est attendue (http:// seulement sur 127.0.0.1 ou localhost)');
  }
  if (!/^[\w\s'*.:/-]+$/.test(s.webchatFrameAncestors)) {
    throw new SettingsError('WEBCHAT_FRAME_ANCESTORS', "des origines séparées par des espaces sont attendues (par exemple https://www.ameli.fr), ou * , ou 'none'");
  }
  Object.assign(s, learningSettings(env, s));
  if (s.microsoftAppId && s.microsoftAppType !== 'UserAssignedMSI' && !s.microsoftAppPassword) {
    throw new SettingsError('MicrosoftAppPassword', 'obligatoire quand MicrosoftAppId est renseigné (sauf MicrosoftAppType=UserAssignedMSI)');
  }
  if (s.microsoftAppType === 'SingleTenant' && s.microsoftAppId && !s.microsoftAppTenantId) {
    throw new SettingsError('MicrosoftAppTenantId', 'obligatoire avec MicrosoftAppType=SingleTenant');
  }
  return s;
}

// ── Learning from use (src/events) ──────────────────────────────────────────────────

type LearningSettings = Pick<Settings, 'eventsStore' | 'eventsDir' | 'eventsContainer' | 'eventsSecret' | 'eventsRetentionDays' | 'reviewTexts' | 'reviewRetentionDays' | 'otlpMetricsEndpoint' | 'otlpExportIntervalMs'>;

const LEARNING_DEFAULTS: LearningSettings = {
  eventsStore: 'file',
  eventsDir: 'data/events',
  eventsContainer: 'cpx-events',
  eventsSecret: '',
  eventsRetentionDays: 395,
  reviewTexts: false,
  reviewRetentionDays: 30,
  otlpMetricsEndpoint: '',
  otlpExportIntervalMs: 60_000,
};

/** The OTLP/HTTP metrics URL from the standard OpenTelemetry variables, or ''. */
function otlpEndpoint(env: Env): string {
  if (bool(env, 'OTEL_SDK_DISABLED', false)) return '';
  const metrics = env.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT?.trim();
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  const url = metrics || (base ? `${base.replace(/\/+$/, '')}/v1/metrics` : '');
  const name = metrics ? 'OTEL_EXPORTER_OTLP_METRICS_ENDPOINT' : 'OTEL_EXPORTER_OTLP_ENDPOINT';
  if (url && !/^https?:\/\/[^\s/]+(\/[^\s]*)?$/i.test(url)) throw new SettingsError(name, 'une adresse http:// ou https:// est attendue');
  return url;
}

function learningSettings(env: Env, s: Settings): LearningSettings {
  const l: LearningSettings = {
    eventsStore: oneOf(env, 'EVENTS_STORE', ['file', 'memory', 'blob', 'off'] as const, s.storage === 'blob' ? 'blob' : 'file'),
    eventsDir: env.EVENTS_DIR?.trim() || LEARNING_DEFAULTS.eventsDir,
    eventsContainer: env.EVENTS_CONTAINER?.trim() || LEARNING_DEFAULTS.eventsContainer,
    eventsSecret: env.EVENTS_SECRET?.trim() ?? '',
    eventsRetentionDays: int(env, 'EVENTS_RETENTION_DAYS', LEARNING_DEFAULTS.eventsRetentionDays, 1, 760),
    reviewTexts: bool(env, 'REVIEW_TEXTS', false),
    reviewRetentionDays: int(env, 'REVIEW_RETENTION_DAYS', LEARNING_DEFAULTS.reviewRetentionDays, 1, 90),
    otlpMetricsEndpoint: otlpEndpoint(env),
    otlpExportIntervalMs: int(env, 'OTEL_METRIC_EXPORT_INTERVAL', LEARNING_DEFAULTS.otlpExportIntervalMs, 100, 3_600_000),
  };
  if (l.eventsStore === 'blob') {
    if (!s.blobConnectionString) throw new SettingsError('BLOB_CONNECTION_STRING', 'obligatoire avec EVENTS_STORE=blob (le compte de stockage de l\'état sert aussi aux événements)');
    if (!/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/.test(l.eventsContainer) || l.eventsContainer === s.blobContainer) {
      throw new SettingsError('EVENTS_CONTAINER', 'un nom de conteneur Azure est attendu, autre que BLOB_CONTAINER');
    }
  }
  if (l.eventsSecret && l.eventsSecret.length < 32) throw new SettingsError('EVENTS_SECRET', 'au moins 32 caractères aléatoires sont attendus');
  if (l.reviewTexts && l.eventsStore === 'off') throw new SettingsError('REVIEW_TEXTS', 'ne peut être activé avec EVENTS_STORE=off');
  return l;
}
