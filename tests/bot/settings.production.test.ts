/**
 * The production settings: defaults, and refusals that name the variable.
 */
import { describe, expect, it } from 'vitest';
import { loadSettings, SettingsError } from '../../src/settings';

describe('production settings', () => {
  it('has embedded defaults: memory storage, a limiter on', () => {
    const s = loadSettings({});
    expect(s).toMatchObject({ storage: 'memory', blobContainer: 'cpx-state', rateLimitPerSecond: 5, rateLimitBurst: 20, trustProxy: false, authTimeoutMs: 5000, shutdownTimeoutMs: 10_000 });
  });

  it('reads blob storage and limits', () => {
    const s = loadSettings({ STORAGE: 'blob', BLOB_CONNECTION_STRING: 'UseDevelopmentStorage=true', BLOB_CONTAINER: 'etat-cpx', RATE_LIMIT_PER_SECOND: '0', TRUST_PROXY: 'oui' });
    expect(s).toMatchObject({ storage: 'blob', blobContainer: 'etat-cpx', rateLimitPerSecond: 0, trustProxy: true });
  });

  it.each([
    [{ STORAGE: 'redis' }, 'STORAGE'],
    [{ STORAGE: 'blob' }, 'BLOB_CONNECTION_STRING'],
    [{ STORAGE: 'blob', BLOB_CONNECTION_STRING: 'x', BLOB_CONTAINER: 'Etat_CPx' }, 'BLOB_CONTAINER'],
    [{ RATE_LIMIT_PER_SECOND: '-1' }, 'RATE_LIMIT_PER_SECOND'],
    [{ SHUTDOWN_TIMEOUT_MS: 'soon' }, 'SHUTDOWN_TIMEOUT_MS'],
  ])('refuses %o naming %s', (env, variable) => {
    expect(() => loadSettings(env)).toThrow(SettingsError);
    expect(() => loadSettings(env)).toThrow(variable);
  });
});
