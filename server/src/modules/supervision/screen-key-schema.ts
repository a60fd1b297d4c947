import { z } from 'zod';

/** Schemas of the hall screens' keys (大屏密钥), each with its inferred type. */

export const ZScreenKey = z
  .object({
    id: z.number(),
    name: z.string(),
    createdAt: z.string(),
    createdBy: z.string().nullable(),
    lastConnectedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    openStreams: z.number().int().describe('event streams of this screen open on this server now'),
  })
  .meta({ id: 'ScreenKey' });
export type TScreenKey = z.infer<typeof ZScreenKey>;

export const ZCreateScreenKeyRequest = z.object({ name: z.string().trim().min(1, '请填写大屏名称（位置）').max(40) });
export type TCreateScreenKeyRequest = z.infer<typeof ZCreateScreenKeyRequest>;

export const ZCreatedScreenKey = z
  .object({
    id: z.number(),
    name: z.string(),
    key: z.string().describe('shown once; only its SHA-256 is stored'),
    url: z.string().describe('the address to open on the screen'),
  })
  .meta({ id: 'CreatedScreenKey' });
export type TCreatedScreenKey = z.infer<typeof ZCreatedScreenKey>;
