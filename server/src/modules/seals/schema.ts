import { z } from 'zod';

/** A seal as published: its public key, validity and status (never the private key). */
export const ZPublishedSeal = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  departmentId: z.number(),
  departmentName: z.string(),
  departmentCode: z.string(),
  publicKey: z.string().meta({ description: 'uncompressed SM2 public key, hex: 04 ‖ x ‖ y' }),
  publicKeyPem: z.string().meta({ description: 'SubjectPublicKeyInfo PEM (OpenSSL, GmSSL, Bouncy Castle)' }),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  status: z.enum(['active', 'retired', 'revoked']),
  retiredAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  revokedReason: z.string().nullable(),
});
export type TPublishedSeal = z.infer<typeof ZPublishedSeal>;
export const ZPublishedSealList = z.object({ seals: z.array(ZPublishedSeal) });
export type TPublishedSealList = z.infer<typeof ZPublishedSealList>;
/** A new seal made for a department (the previous one retires). */
export const ZSealCreated = z.object({ id: z.number() });
export type TSealCreated = z.infer<typeof ZSealCreated>;


/** What a signature under a seal is worth today (service.judgeSignature). */
export const ZSealVerdict = z.enum(['valid', 'valid_at_signing_time', 'invalid', 'revoked_before_signing']);
export type TSealVerdict = z.infer<typeof ZSealVerdict>;
