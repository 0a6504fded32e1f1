/**
 * The authentication wrapper's connector clients (src/http/security.ts): built once per
 * service URL and reused from turn to turn (the SDK builds one, with its HTTP pipeline, on
 * every turn), and still bound by the outbound policy.
 */
import { BotFrameworkAuthentication, ConnectorClient, ConnectorFactory, PasswordServiceClientCredentialFactory } from 'botframework-connector';
import type { AuthenticateRequestResult } from 'botframework-connector';
import type { Activity } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { FailClosedAuthentication } from '../../src/http/security';
import { silentLogger } from '../helpers';

class CountingFactory extends ConnectorFactory {
  built = 0;
  create(serviceUrl: string): Promise<ConnectorClient> {
    this.built++;
    return Promise.resolve(new ConnectorClient(new PasswordServiceClientCredentialFactory('', '') as never, { baseUri: serviceUrl }));
  }
}

/** An authentication that accepts everything and hands out the counting factory. */
function innerAuth(factory: CountingFactory): BotFrameworkAuthentication {
  return {
    authenticateRequest: async (): Promise<AuthenticateRequestResult> => ({ audience: 'scope', callerId: '', claimsIdentity: { isAuthenticated: true, claims: [] } as never, connectorFactory: factory }),
  } as unknown as BotFrameworkAuthentication;
}

describe('FailClosedAuthentication connector clients', () => {
  it('are built once per service URL and reused on the next turns', async () => {
    const factory = new CountingFactory();
    const auth = new FailClosedAuthentication(innerAuth(factory), silentLogger, 1000, { anonymous: true, allowed: [] });
    const first = await (await auth.authenticateRequest({} as Activity, '')).connectorFactory!.create('http://127.0.0.1:9/');
    const second = await (await auth.authenticateRequest({} as Activity, '')).connectorFactory!.create('http://127.0.0.1:9/');
    expect(second).toBe(first);
    expect(factory.built).toBe(1);
    await (await auth.authenticateRequest({} as Activity, '')).connectorFactory!.create('http://localhost:9/');
    expect(factory.built).toBe(2);
  });

  it('still refuse a service URL the outbound policy does not allow, reused or not', async () => {
    const factory = new CountingFactory();
    const auth = new FailClosedAuthentication(innerAuth(factory), silentLogger, 1000, { anonymous: true, allowed: [] });
    for (let i = 0; i < 2; i++) {
      const client = await (await auth.authenticateRequest({} as Activity, '')).connectorFactory!.create('https://example.org/');
      // refused by the policy before any network call (not a network failure: there is no network here either)
      await expect(client.conversations.sendToConversation('c', { type: 'message' } as never)).rejects.toMatchObject({ name: 'OutboundRefusedError' });
    }
    expect(factory.built).toBe(1);
  });

  it('build one user token client per app id, reused on the next turns', async () => {
    let built = 0;
    const inner = {
      createUserTokenClient: async () => {
        built++;
        return { id: built } as never;
      },
    } as unknown as BotFrameworkAuthentication;
    const auth = new FailClosedAuthentication(inner, silentLogger, 1000, { anonymous: true, allowed: [] });
    const identity = (appId: string) => ({ isAuthenticated: true, claims: [{ type: 'aud', value: appId }] }) as never;
    const first = await auth.createUserTokenClient(identity('app-1'));
    expect(await auth.createUserTokenClient(identity('app-1'))).toBe(first);
    expect(built).toBe(1);
    expect(await auth.createUserTokenClient(identity('app-2'))).not.toBe(first);
    expect(built).toBe(2);
  });
});
