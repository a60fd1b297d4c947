import type { FastifyInstance } from 'fastify';
import * as client from 'openid-client';

/**
 * The platform as an OpenID Connect relying party (`openid-client`): discovery once, then the
 * authorization code flow with PKCE (S256), state and nonce for each login.
 */
export interface OidcSettings {
  issuer: string;
  clientId: string;
  /** Unset: a public client (PKCE alone authenticates the exchange). */
  clientSecret: string | undefined;
  redirectUri: string;
  /** The provider is the platform's own local one: reach it in-process, not over the network. */
  local: boolean;
}

export const OIDC_SCOPE = 'openid profile phone realname';

/** Fetch through the app itself: the local provider answers without a socket (tests use inject, not a port). */
function inProcessFetch(app: FastifyInstance): client.CustomFetch {
  return async (url, options) => {
    const target = new URL(url);
    const body = options.body;
    const response = await app.inject({
      method: options.method as 'GET' | 'POST',
      url: target.pathname + target.search,
      headers: options.headers,
      payload: body === undefined || body === null ? undefined : typeof body === 'string' ? body : body instanceof URLSearchParams ? body.toString() : Buffer.from(body as ArrayBuffer),
    });
    const headers = new Headers();
    for (const [key, value] of Object.entries(response.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : String(value));
    }
    return new Response(response.rawPayload.length > 0 ? new Uint8Array(response.rawPayload) : null, { status: response.statusCode, headers });
  };
}

/** Discovers the provider once per app; a failed discovery is tried again at the next login. */
export function oidcConfiguration(app: FastifyInstance, settings: OidcSettings): () => Promise<client.Configuration> {
  let pending: Promise<client.Configuration> | undefined;
  return () => {
    pending ??= (async () => {
      const options: client.DiscoveryRequestOptions = {};
      if (settings.local) options[client.customFetch] = inProcessFetch(app);
      // http:// issuers are allowed only for the local provider (demo, tests); a real one is https.
      if (settings.local || settings.issuer.startsWith('http://localhost')) options.execute = [client.allowInsecureRequests];
      return client.discovery(new URL(settings.issuer), settings.clientId, { redirect_uris: [settings.redirectUri] }, settings.clientSecret ? client.ClientSecretBasic(settings.clientSecret) : client.None(), options);
    })().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}

/** The address the browser is sent to, and what the callback must check it against. */
export async function startLogin(configuration: client.Configuration, settings: OidcSettings) {
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(configuration, {
    redirect_uri: settings.redirectUri,
    scope: OIDC_SCOPE,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  return { url: url.toString(), state, nonce, codeVerifier };
}

/**
 * Exchanges the code (state, nonce and PKCE checked by the library) and answers the ID token's
 * claims merged with the userinfo endpoint's, which some providers keep the real-name attributes in.
 */
export async function finishLogin(
  configuration: client.Configuration,
  callbackUrl: URL,
  checks: { state: string; nonce: string; codeVerifier: string },
): Promise<Record<string, unknown> & { sub: string }> {
  const tokens = await client.authorizationCodeGrant(configuration, callbackUrl, {
    pkceCodeVerifier: checks.codeVerifier,
    expectedState: checks.state,
    expectedNonce: checks.nonce,
    idTokenExpected: true,
  });
  const idClaims = tokens.claims()!;
  const userinfo = configuration.serverMetadata().userinfo_endpoint
    ? await client.fetchUserInfo(configuration, tokens.access_token, idClaims.sub)
    : {};
  return { ...userinfo, ...idClaims, sub: idClaims.sub } as Record<string, unknown> & { sub: string };
}
