import crypto from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { z } from 'zod';
import { claimsOf, IDP_ACCOUNTS, REALNAME_CLAIMS, type IdpAccount } from './idp-accounts.js';
import { errorPage, signInPage } from './idp-page.js';

/**
 * A small OpenID Connect provider (authorization code flow with PKCE S256, client_secret_basic or
 * _post, ES256 ID tokens, userinfo, discovery, JWKS) standing in for the province's 统一身份认证
 * 平台 when no ONEWINDOW_OIDC_ISSUER is configured: the demo and the tests sign in through the
 * same client code a real deployment uses. Codes and tokens live in this process's memory and
 * expire within minutes; the signing key is made at start. Being an OAuth server, its token and
 * userinfo endpoints answer OAuth's own error format (RFC 6749 §5.2), not the platform's.
 */
export interface LocalIdpOptions {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  /** The demo identities' password (the platform's demo password). */
  password: string;
  accounts?: IdpAccount[];
}

const CODE_SECONDS = 60;
/** ES256: a P-256 key is made in milliseconds even on a busy machine. */
const ALG = 'ES256';
const TOKEN_SECONDS = 300;

interface PendingCode {
  account: IdpAccount;
  redirectUri: string;
  codeChallenge: string;
  nonce: string | undefined;
  scope: string;
  expiresAt: number;
}

const ZAuthorizeParams = z.object({
  response_type: z.string(),
  client_id: z.string().max(200),
  redirect_uri: z.string().max(2000),
  scope: z.string().max(500),
  state: z.string().max(500).optional(),
  nonce: z.string().max(500).optional(),
  code_challenge: z.string().max(200).optional(),
  code_challenge_method: z.string().max(20).optional(),
});
type AuthorizeParams = z.infer<typeof ZAuthorizeParams>;

const sha256 = (text: string) => crypto.createHash('sha256').update(text).digest();
const sameSecret = (a: string, b: string) => crypto.timingSafeEqual(sha256(a), sha256(b));

export function localIdpRoutes(options: LocalIdpOptions): FastifyPluginAsyncZod {
  return async (app) => {
    const accounts = options.accounts ?? IDP_ACCOUNTS;
    const codes = new Map<string, PendingCode>();
    const accessTokens = new Map<string, { account: IdpAccount; expiresAt: number }>();
    // The signing key is made on first use, not while the app starts: every server and test app
    // registers this provider, and most never sign anything.
    const kid = crypto.randomBytes(8).toString('hex');
    let signingKeys: Promise<{ privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey']; publicJwk: JWK }> | undefined;
    const keys = () =>
      (signingKeys ??= generateKeyPair(ALG, { extractable: true }).then(async ({ privateKey, publicKey }) => ({
        privateKey,
        publicJwk: { ...(await exportJWK(publicKey)), kid, alg: ALG, use: 'sig' },
      })));
    const sweep = () => {
      const now = Date.now();
      for (const [key, value] of codes) if (value.expiresAt < now) codes.delete(key);
      for (const [key, value] of accessTokens) if (value.expiresAt < now) accessTokens.delete(key);
    };

    // Form posts (the sign-in page, the token endpoint) are parsed here only, not platform-wide.
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16_384 }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });

    app.get('/.well-known/openid-configuration', { schema: { hide: true } }, async () => ({
      issuer: options.issuer,
      authorization_endpoint: `${options.issuer}/authorize`,
      token_endpoint: `${options.issuer}/token`,
      userinfo_endpoint: `${options.issuer}/userinfo`,
      jwks_uri: `${options.issuer}/jwks`,
      response_types_supported: ['code'],
      response_modes_supported: ['query'],
      grant_types_supported: ['authorization_code'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: [ALG],
      scopes_supported: ['openid', 'profile', 'phone', 'realname'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      code_challenge_methods_supported: ['S256'],
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nonce', 'name', 'phone_number', ...REALNAME_CLAIMS],
      authorization_response_iss_parameter_supported: true,
    }));

    app.get('/jwks', { schema: { hide: true } }, async () => ({ keys: [(await keys()).publicJwk] }));

    /** Where the provider may send the browser back with an error: a known client and its own address only. */
    const redirectable = (params: AuthorizeParams) => params.client_id === options.clientId && options.redirectUris.includes(params.redirect_uri);
    const back = (params: AuthorizeParams, values: Record<string, string>) => {
      const url = new URL(params.redirect_uri);
      for (const [key, value] of Object.entries({ ...values, iss: options.issuer, ...(params.state !== undefined && { state: params.state }) })) {
        url.searchParams.set(key, value);
      }
      return url.toString();
    };
    /** What a request must carry beyond a known client: the code flow, openid, and a PKCE S256 challenge. */
    const requestProblem = (params: AuthorizeParams) => {
      if (params.response_type !== 'code') return { error: 'unsupported_response_type', error_description: 'only code' };
      if (!params.scope.split(' ').includes('openid')) return { error: 'invalid_scope', error_description: 'openid required' };
      if (!params.code_challenge || params.code_challenge_method !== 'S256') {
        return { error: 'invalid_request', error_description: 'PKCE with S256 is required' };
      }
      return null;
    };
    const authorizeFields = (params: AuthorizeParams): Record<string, string> =>
      Object.fromEntries(Object.entries(params).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));

    app.get('/authorize', { schema: { hide: true, querystring: ZAuthorizeParams } }, async (request, reply) => {
      const params = request.query;
      reply.header('cache-control', 'no-store');
      if (!redirectable(params)) return reply.status(400).type('text/html; charset=utf-8').send(errorPage('应用未登记或回调地址不符，请从政务服务网重新进入。'));
      const problem = requestProblem(params);
      if (problem) return reply.redirect(back(params, problem));
      return reply.type('text/html; charset=utf-8').send(signInPage({ params: authorizeFields(params), accounts }));
    });

    app.post(
      '/authorize',
      {
        schema: { hide: true, body: ZAuthorizeParams.extend({ login: z.string().max(64), password: z.string().max(200) }) },
        // Guessing demo passwords is no more welcome here than at the platform's own login.
        config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
      },
      async (request, reply) => {
        const { login, password, ...params } = request.body;
        reply.header('cache-control', 'no-store');
        if (!redirectable(params)) return reply.status(400).type('text/html; charset=utf-8').send(errorPage('应用未登记或回调地址不符，请从政务服务网重新进入。'));
        const problem = requestProblem(params);
        if (problem) return reply.redirect(back(params, problem));
        const account = accounts.find((a) => a.login === login.trim());
        if (!account || !sameSecret(password, options.password)) {
          return reply
            .status(401)
            .type('text/html; charset=utf-8')
            .send(signInPage({ params: authorizeFields(params), accounts, error: '账号或密码错误', login }));
        }
        sweep();
        const code = crypto.randomBytes(32).toString('base64url');
        codes.set(code, {
          account,
          redirectUri: params.redirect_uri,
          codeChallenge: params.code_challenge!,
          nonce: params.nonce,
          scope: params.scope,
          expiresAt: Date.now() + CODE_SECONDS * 1000,
        });
        return reply.redirect(back(params, { code }), 303);
      },
    );

    const ZTokenRequest = z.object({
      grant_type: z.string(),
      code: z.string().max(200).optional(),
      redirect_uri: z.string().max(2000).optional(),
      code_verifier: z.string().max(200).optional(),
      client_id: z.string().max(200).optional(),
      client_secret: z.string().max(500).optional(),
    });

    app.post('/token', { schema: { hide: true, body: ZTokenRequest } }, async (request, reply) => {
      const body = request.body;
      reply.header('cache-control', 'no-store');
      const oauthError = (status: number, error: string, description: string) => reply.status(status).send({ error, error_description: description });
      // client_secret_basic (RFC 6749 §2.3.1: both parts form-encoded) or client_secret_post.
      let clientId = body.client_id;
      let clientSecret = body.client_secret;
      const basic = /^Basic (.+)$/i.exec(request.headers.authorization ?? '');
      if (basic) {
        const [id = '', secret = ''] = Buffer.from(basic[1]!, 'base64').toString('utf8').split(':');
        clientId = decodeURIComponent(id);
        clientSecret = decodeURIComponent(secret);
      }
      if (clientId !== options.clientId || clientSecret === undefined || !sameSecret(clientSecret, options.clientSecret)) {
        return oauthError(401, 'invalid_client', 'client authentication failed');
      }
      if (body.grant_type !== 'authorization_code') return oauthError(400, 'unsupported_grant_type', 'only authorization_code');
      const pending = body.code ? codes.get(body.code) : undefined;
      // A code is good once, whatever the outcome.
      if (body.code) codes.delete(body.code);
      if (!pending || pending.expiresAt < Date.now()) return oauthError(400, 'invalid_grant', 'code unknown, used or expired');
      if (pending.redirectUri !== body.redirect_uri) return oauthError(400, 'invalid_grant', 'redirect_uri mismatch');
      const challenge = body.code_verifier ? crypto.createHash('sha256').update(body.code_verifier).digest('base64url') : '';
      if (challenge !== pending.codeChallenge) return oauthError(400, 'invalid_grant', 'PKCE verification failed');

      const accessToken = crypto.randomBytes(32).toString('base64url');
      accessTokens.set(accessToken, { account: pending.account, expiresAt: Date.now() + TOKEN_SECONDS * 1000 });
      const idToken = await new SignJWT({ ...claimsOf(pending.account), ...(pending.nonce !== undefined && { nonce: pending.nonce }) })
        .setProtectedHeader({ alg: ALG, kid })
        .setIssuer(options.issuer)
        .setAudience(options.clientId)
        .setSubject(pending.account.login)
        .setIssuedAt()
        .setExpirationTime(`${TOKEN_SECONDS}s`)
        .sign((await keys()).privateKey);
      return { access_token: accessToken, token_type: 'Bearer', expires_in: TOKEN_SECONDS, id_token: idToken, scope: pending.scope };
    });

    app.get('/userinfo', { schema: { hide: true } }, async (request, reply) => {
      const bearer = /^Bearer (.+)$/i.exec(request.headers.authorization ?? '');
      const token = bearer ? accessTokens.get(bearer[1]!) : undefined;
      if (!token || token.expiresAt < Date.now()) {
        return reply.status(401).header('www-authenticate', 'Bearer error="invalid_token"').send({ error: 'invalid_token' });
      }
      return { sub: token.account.login, ...claimsOf(token.account) };
    });
  };
}
