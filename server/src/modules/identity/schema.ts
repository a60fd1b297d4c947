import { z } from 'zod';

/** Where the browser goes after signing in: a path of this site only (never another site). */
const ZReturnTo = z
  .string()
  .max(500)
  .regex(/^\/(?![/\\])[^\s]*$/, '应为本站地址')
  .default('/');

export const ZOidcLoginQuery = z.object({
  kind: z.enum(['natural', 'legal']).default('natural'),
  returnTo: ZReturnTo,
});
export type TOidcLoginQuery = z.infer<typeof ZOidcLoginQuery>;

export const ZOidcCallbackQuery = z
  .object({
    state: z.string().max(500).optional(),
    code: z.string().max(2000).optional(),
    error: z.string().max(200).optional(),
    error_description: z.string().max(1000).optional(),
    iss: z.string().max(500).optional(),
  })
  .loose();

export const ZOidcStatus = z
  .object({
    enabled: z.literal(true),
    /** The platform's own demo provider (no ONEWINDOW_OIDC_ISSUER): the login page says so. */
    local: z.boolean(),
    providerName: z.string(),
  })
  .meta({ id: 'OidcStatus' });
export type TOidcStatus = z.infer<typeof ZOidcStatus>;
