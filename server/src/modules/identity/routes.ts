import crypto from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../../http/errors.js';
import { SESSION_COOKIE } from '../../http/auth.js';
import { localIdpRoutes } from './local-idp.js';
import { SignInRefused, signInWithClaims } from './link.js';
import { finishLogin, oidcConfiguration, startLogin, type OidcSettings } from './oidc-client.js';
import * as repo from './repo.js';
import { ZOidcCallbackQuery, ZOidcLoginQuery, ZOidcStatus } from './schema.js';

/**
 * 统一身份认证登录 for citizens and enterprises (OpenID Connect, authorization code + PKCE).
 * Configured by ONEWINDOW_OIDC_*; without an issuer the platform's own demo provider is mounted
 * under /idp and used.
 */
export const identityRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;
  const local = !config.oidc.issuer;
  const settings: OidcSettings = {
    issuer: config.oidc.issuer ?? `${config.publicUrl}/idp`,
    clientId: config.oidc.clientId,
    // The local provider and its client live in one process: a secret of this run serves both.
    clientSecret: config.oidc.clientSecret ?? (local ? crypto.randomBytes(24).toString('base64url') : undefined),
    redirectUri: config.oidc.redirectUri ?? `${config.publicUrl}/api/auth/oidc/callback`,
    local,
  };
  if (local) {
    await app.register(
      localIdpRoutes({
        issuer: settings.issuer,
        clientId: settings.clientId,
        clientSecret: settings.clientSecret!,
        redirectUris: [settings.redirectUri],
        password: config.demoPassword,
      }),
      { prefix: '/idp' },
    );
  }
  const configuration = oidcConfiguration(app, settings);
  const sessionSettings = { idleMinutes: config.sessionIdleMinutes, maxHours: config.sessionMaxHours };

  app.get(
    '/api/auth/oidc',
    { schema: { tags: ['auth'], summary: '统一身份认证是否可用', response: { 200: ZOidcStatus } } },
    async () => ({ enabled: true as const, local, providerName: local ? '统一身份认证平台（演示）' : '统一身份认证平台' }),
  );

  app.get(
    '/api/auth/oidc/login',
    {
      schema: {
        tags: ['auth'],
        summary: '统一身份认证登录：转到身份认证平台 (302)',
        description: '`kind` natural = 个人登录, legal = 法人登录. The browser comes back to /api/auth/oidc/callback, then to `returnTo`.',
        querystring: ZOidcLoginQuery,
      },
      config: { rateLimit: { max: config.loginRateLimit, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      let target: Awaited<ReturnType<typeof startLogin>>;
      try {
        target = await startLogin(await configuration(), settings);
      } catch (error) {
        request.log.error({ err: error }, 'identity provider discovery failed');
        throw new AppError('UNAVAILABLE', '统一身份认证平台暂时无法访问，请稍后再试或使用账号密码登录');
      }
      await repo.saveLoginRequest(db, { state: target.state, codeVerifier: target.codeVerifier, nonce: target.nonce, kind: request.query.kind, returnTo: request.query.returnTo });
      reply.header('cache-control', 'no-store');
      return reply.redirect(target.url, 302);
    },
  );

  app.get(
    '/api/auth/oidc/callback',
    {
      schema: { tags: ['auth'], summary: '统一身份认证回调：开通或关联账户并登录 (302)', querystring: ZOidcCallbackQuery },
      config: { rateLimit: { max: config.loginRateLimit, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      // A person's browser lands here: failures go back to the login page with a readable reason.
      const refuse = (message: string) => reply.redirect(`/login?ssoError=${encodeURIComponent(message)}`, 302);
      const state = request.query.state;
      const pending = state ? await repo.takeLoginRequest(db, state) : undefined;
      if (!pending) return refuse('登录已超时或链接无效，请重新点击“统一身份认证登录”');
      if (request.query.error) {
        request.log.info({ error: request.query.error }, 'identity provider refused the login');
        return refuse(request.query.error === 'access_denied' ? '您取消了统一身份认证授权' : '统一身份认证未完成，请重试');
      }
      const callbackUrl = new URL(settings.redirectUri);
      callbackUrl.search = new URL(request.url, 'http://callback').search;
      let claims: Awaited<ReturnType<typeof finishLogin>>;
      try {
        claims = await finishLogin(await configuration(), callbackUrl, { state: state!, nonce: pending.nonce, codeVerifier: pending.code_verifier });
      } catch (error) {
        request.log.warn({ err: error }, 'identity provider code exchange failed');
        return refuse('统一身份认证校验未通过，请重新登录');
      }
      try {
        const session = await signInWithClaims(db, {
          issuer: settings.issuer,
          rawClaims: claims,
          requestedKind: pending.kind,
          settings: sessionSettings,
          origin: { ip: request.ip, userAgent: request.headers['user-agent'] ?? null },
        });
        reply.setCookie(SESSION_COOKIE, session.token, { path: '/', httpOnly: true, sameSite: 'lax', secure: config.cookieSecure, expires: session.expiresAt });
        return reply.redirect(pending.return_to, 302);
      } catch (error) {
        if (error instanceof SignInRefused) return refuse(error.message);
        throw error;
      }
    },
  );
};
