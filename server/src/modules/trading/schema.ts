import { z } from 'zod';
import { ZId, queryInt } from '../../http/params.js';

/** Request shapes of the trading API; the web app imports the inferred types. */

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s));
const hex = (what: string) => z.string().regex(/^[0-9a-fA-F]+$/, `${what}应为十六进制`);

export const ZProjectParams = z.object({ id: z.uuid() });
export const ZIdParams = z.object({ id: ZId });
export const ZUuidParams = z.object({ id: z.uuid() });

export const ZCategory = z.enum(['construction', 'procurement', 'land', 'state_assets']);

export const ZEnterpriseInput = z.object({
  creditCode: z.string().trim().length(18),
  name: z.string().trim().min(2).max(100),
  legalRepresentative: z.string().trim().min(1).max(50),
  address: z.string().trim().max(200).default(''),
  licences: z.array(z.object({ name: z.string().min(1).max(100), number: z.string().max(60), validUntil: date.nullable() })).max(50).default([]),
  qualifications: z.array(z.object({ name: z.string().min(1).max(100), level: z.string().max(30), number: z.string().max(60), validUntil: date })).max(50).default([]),
  performance: z.array(z.object({ project: z.string().min(1).max(200), year: z.number().int().min(1990).max(2100), amount: z.number().nonnegative() })).max(100).default([]),
  people: z.array(z.object({ name: z.string().trim().min(1).max(50), identityNumber: z.string().trim().length(18), title: z.string().max(50).default('') })).max(200).default([]),
});
export type TEnterpriseInput = z.infer<typeof ZEnterpriseInput>;

export const ZCertificateRequest = z.object({ publicKey: hex('公钥').length(130) });
export const ZRevokeRequest = z.object({ reason: z.string().trim().min(2).max(200) });

export const ZProjectInput = z.object({
  title: z.string().trim().min(4).max(200),
  category: ZCategory,
  tendererCreditCode: z.string().trim().length(18).optional(),
  budget: z.number().positive().max(1e13),
  qualifications: z.array(z.string().trim().min(1).max(100)).max(20).default([]),
  evaluationMethod: z.enum(['comprehensive', 'lowest_price']),
  criteria: z.array(z.object({ name: z.string().trim().min(1).max(50), maxPoints: z.number().int().positive().max(100) })).max(20).default([]),
  lots: z.array(z.object({ name: z.string().trim().min(1).max(100), budget: z.number().positive() })).min(1).max(20),
});
export type TProjectInput = z.infer<typeof ZProjectInput>;

export const ZReviewRequest = z.object({ approve: z.boolean(), note: z.string().trim().max(500).default('') });
export const ZAnnounceRequest = z.object({
  documentsFrom: date,
  deadline: instant,
  openingRoomId: z.number().int().positive(),
  body: z.string().trim().min(10).max(20_000),
});
export const ZLegalDeadlineQuery = z.object({ documentsFrom: date });
export const ZClarifyRequest = z.object({ body: z.string().trim().min(5).max(20_000), newDeadline: instant.nullable().default(null) });
export const ZBookingRequest = z.object({ roomId: z.number().int().positive(), startsAt: instant, endsAt: instant });

export const ZSealedBid = z.object({
  lotId: z.number().int().positive(),
  ciphertext: hex('密文').max(1_500_000),
  iv: hex('IV').length(32),
  sealedKey: hex('数字信封').max(1000),
  ciphertextSm3: hex('密文摘要').length(64),
  plaintextSm3: hex('明文摘要').length(64),
  signature: hex('签名').max(200),
});
export type TSealedBid = z.infer<typeof ZSealedBid>;
export const ZDecryptRequest = z.object({ contentKey: z.string().trim().max(64) });

export const ZExpertInput = z.object({
  name: z.string().trim().min(1).max(50),
  identityNumber: z.string().trim().length(18),
  specialities: z.array(z.string().trim().min(1).max(50)).min(1).max(10),
  regionCode: z.string().regex(/^\d{6}$/),
  employerCreditCode: z.string().length(18).nullable().default(null),
  employerName: z.string().max(100).default(''),
  username: z.string().max(60).nullable().default(null),
});
export const ZDrawRequest = z.object({
  parts: z.array(z.object({ speciality: z.string().trim().min(1), count: z.number().int().min(1).max(20), reserves: z.number().int().min(0).max(20) })).min(1).max(10),
  avoidRecentProjects: z.number().int().min(0).max(50).default(3),
  regions: z.array(z.string().regex(/^\d{6}$/)).min(1).max(20),
  holderUserIds: z.array(z.number().int().positive()).min(2).max(10),
  threshold: z.number().int().min(2).max(10),
});
export type TDrawRequest = z.infer<typeof ZDrawRequest>;
export const ZShareRequest = z.object({ share: z.string().trim().min(3).max(200) });
export const ZRespondRequest = z.object({ accept: z.boolean(), reason: z.string().max(200).default('') });

export const ZScoresRequest = z.object({
  scores: z.array(z.object({ bidId: z.uuid(), criterion: z.string().min(1).max(50), points: z.number().min(0).max(100) })).min(1).max(500),
});
export const ZSignatureRequest = z.object({ signature: hex('签名').max(200) });
export const ZPublicityRequest = z.object({ days: z.number().int().min(1).max(30) });
export const ZObjectionRequest = z.object({ text: z.string().trim().min(5).max(2000) });
export const ZAnswerRequest = z.object({ answer: z.string().trim().min(2).max(2000) });

export const ZBlacklistEntry = z.object({
  creditCode: z.string().trim().length(18),
  name: z.string().trim().min(2).max(100),
  reason: z.string().trim().min(2).max(500),
  source: z.enum(['centre', 'court', 'other_city']),
  sourceName: z.string().trim().min(2).max(100),
  startsOn: date,
  endsOn: date.nullable().default(null),
});
export const ZBlacklistFeed = z
  .object({
    format: z.literal('onewindow-trading-blacklist/1'),
    issuer: z.string().min(1),
    regionCode: z.string(),
    issuedAt: z.string(),
    publicKey: z.string(),
    entries: z.array(
      z.object({ creditCode: z.string().length(18), name: z.string(), reason: z.string(), source: z.enum(['centre', 'court']), sourceName: z.string(), startsOn: date, endsOn: date.nullable() }),
    ),
    signature: z.string(),
  })
  .meta({ id: 'TradingBlacklistFeed', description: '黑名单交换数据 (README "Public resource trading")' });
export const ZPartnerRequest = z.object({ name: z.string().trim().min(2).max(100), regionCode: z.string().regex(/^\d{6}$/), publicKey: hex('公钥').length(130) });

export const ZScheduleQuery = z.object({ date: date.optional(), centreId: ZId.optional() });
export const ZPublicationQuery = z.object({ after: queryInt(0, Number.MAX_SAFE_INTEGER).optional(), limit: queryInt(1, 200).optional(), projectId: z.uuid().optional() });
