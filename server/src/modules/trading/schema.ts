import { z } from 'zod';
import { ZId, queryInt } from '../../http/params.js';
import { ZSealVerdict } from '../seals/schema.js';

/** Request and response shapes of the trading API; the web app imports the inferred types. */

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

// ---- Responses ----

const json = z.record(z.string(), z.unknown());
export const ZTradingProjectStatus = z.enum(['submitted', 'listed', 'rejected', 'announced', 'opened', 'evaluating', 'publicity', 'awarded']);
export type TTradingProjectStatus = z.infer<typeof ZTradingProjectStatus>;
export const ZPublicationKind = z.enum(['announcement', 'clarification', 'opening_record', 'candidates', 'result']);
export type TPublicationKind = z.infer<typeof ZPublicationKind>;
const ZEvaluationMethod = z.enum(['comprehensive', 'lowest_price']);
const ZRoomPurpose = z.enum(['opening', 'evaluation']);
const ZBidStatus = z.enum(['sealed', 'withdrawn', 'replaced', 'decrypted', 'undecryptable']);
const ZDrawStatus = z.enum(['sealed', 'revealed']);
const ZDrawMemberStatus = z.enum(['notified', 'accepted', 'declined', 'standby', 'called']);

/** 公告公示, as the public list and the feed give them. */
export const ZPublication = z.object({ id: z.number(), kind: ZPublicationKind, title: z.string(), body: z.string(), data: json, publishedAt: z.string(), publicityEndsAt: z.string().nullable(), signature: z.string().nullable(), projectId: z.string(), projectNumber: z.string(), category: z.string() });
export const ZPublicationList = z.object({ publications: z.array(ZPublication) });
export type TPublicationList = z.infer<typeof ZPublicationList>;

export const ZDaySchedule = z.object({
  date: z.string(),
  items: z.array(z.object({ projectId: z.string(), number: z.string(), title: z.string(), category: z.string(), purpose: ZRoomPurpose, room: z.string(), startsAt: z.string(), endsAt: z.string(), status: ZTradingProjectStatus })),
});
export type TDaySchedule = z.infer<typeof ZDaySchedule>;

/** A project as anyone may see it once listed: no bid contents, no experts. */
export const ZProjectSummary = z.object({
  id: z.string(),
  number: z.string(),
  title: z.string(),
  category: ZCategory,
  categoryName: z.string(),
  status: ZTradingProjectStatus,
  budget: z.number(),
  qualifications: z.array(z.string()),
  evaluationMethod: ZEvaluationMethod,
  criteria: z.array(z.object({ name: z.string(), maxPoints: z.number() })),
  tenderer: z.object({ name: z.string(), creditCode: z.string() }),
  lots: z.array(z.object({ id: z.number(), number: z.number(), name: z.string(), budget: z.number() })),
  documentsFrom: z.string().nullable(),
  bidDeadline: z.string().nullable(),
  reviewNote: z.string().nullable(),
  bookings: z.array(z.object({ purpose: ZRoomPurpose, room: z.string(), startsAt: z.string(), endsAt: z.string() })),
  publications: z.array(z.object({ id: z.number(), kind: ZPublicationKind, title: z.string(), publishedAt: z.string(), publicityEndsAt: z.string().nullable() })),
});
export type TProjectSummary = z.infer<typeof ZProjectSummary>;
export const ZPublicProject = z.object({ project: ZProjectSummary });
export type TPublicProject = z.infer<typeof ZPublicProject>;

/** The draw as the parties see it: sealed (who holds keys, how many presented) or the experts. */
export const ZDrawView = z.object({
  id: z.string(),
  status: ZDrawStatus,
  threshold: z.number(),
  poolSm3: z.string(),
  seed: z.string().nullable(),
  holders: z.array(z.object({ userId: z.number(), name: z.string(), role: z.string(), presented: z.boolean() })),
  members: z.array(z.object({ expertId: z.number(), name: z.string(), regionCode: z.string(), speciality: z.string(), position: z.number(), role: z.enum(['member', 'reserve']), status: ZDrawMemberStatus, replaces: z.number().nullable() })),
});
export const ZProjectDetail = z.object({ project: ZProjectSummary, runs: z.boolean(), draw: ZDrawView.nullable() });
export type TProjectDetail = z.infer<typeof ZProjectDetail>;

export const ZOpenTenders = z.object({ projects: z.array(z.object({ id: z.string(), number: z.string(), title: z.string(), category: z.string(), bidDeadline: z.string(), budget: z.number() })) });
export type TOpenTenders = z.infer<typeof ZOpenTenders>;

/** 曝光台: the blacklist entries in force. */
export const ZBlacklist = z.object({ entries: z.array(z.object({ id: z.number(), creditCode: z.string(), name: z.string(), reason: z.string(), source: z.enum(['centre', 'court', 'other_city']), sourceName: z.string(), startsOn: z.string(), endsOn: z.string().nullable() })) });
export type TBlacklist = z.infer<typeof ZBlacklist>;

/** 中标通知书验真: the verdict on the centre's seal, and what an offline check needs. */
export const ZAwardVerification = z.object({
  verdict: ZSealVerdict,
  verdictText: z.string(),
  noticeNumber: z.string(),
  project: z.string(),
  lot: z.string(),
  winner: z.string(),
  price: z.number(),
  issuedAt: z.string(),
  seal: z.object({ id: z.number(), code: z.string(), name: z.string(), departmentName: z.string(), publicKey: z.string() }).nullable(),
  signedBytes: z.string(),
  signature: z.string(),
});
export type TAwardVerification = z.infer<typeof ZAwardVerification>;

export const ZRiskRules = z.object({ rules: z.array(z.object({ code: z.string(), name: z.string(), stage: z.enum(['opening', 'evaluation', 'award', 'bidding']), threshold: z.string() })) });
export type TRiskRules = z.infer<typeof ZRiskRules>;

export const ZEnterprise = z.object({
  id: z.number(),
  creditCode: z.string(),
  name: z.string(),
  legalRepresentative: z.string(),
  address: z.string(),
  licences: z.array(z.object({ name: z.string(), number: z.string(), validUntil: z.string().nullable() })),
  qualifications: z.array(z.object({ name: z.string(), level: z.string(), number: z.string(), validUntil: z.string() })),
  performance: z.array(z.object({ project: z.string(), year: z.number(), amount: z.number() })),
  people: z.array(z.object({ name: z.string(), idMasked: z.string(), title: z.string() })),
  certificate: z.object({ serial: z.string(), notAfter: z.string(), revoked: z.boolean() }).nullable(),
});
/** 本单位企业信息; null before the enterprise has registered. */
export const ZMyEnterprise = z.object({ enterprise: ZEnterprise.nullable() });
export type TMyEnterprise = z.infer<typeof ZMyEnterprise>;

export const ZCertificates = z.object({ certificates: z.array(z.object({ id: z.number(), serial: z.string(), subject: z.string(), publicKey: z.string(), issuer: z.string(), notBefore: z.string(), notAfter: z.string(), revokedAt: z.string().nullable(), revokeReason: z.string().nullable() })) });
export type TCertificates = z.infer<typeof ZCertificates>;

export const ZRooms = z.object({ rooms: z.array(z.object({ id: z.number(), name: z.string(), purpose: ZRoomPurpose, centreId: z.number() })) });
export type TRooms = z.infer<typeof ZRooms>;

export const ZRegisteredProject = z.object({ id: z.string(), number: z.string() });
export type TRegisteredProject = z.infer<typeof ZRegisteredProject>;

export const ZProjectList = z.object({ projects: z.array(z.object({ id: z.string(), number: z.string(), title: z.string(), category: ZCategory, status: ZTradingProjectStatus, budget: z.number(), bidDeadline: z.string().nullable(), evaluationMethod: ZEvaluationMethod, tendererName: z.string() })) });
export type TProjectList = z.infer<typeof ZProjectList>;

/** The earliest bid deadline the law allows, and the rule that sets it. */
export const ZLegalDeadline = z.object({ earliest: z.string(), rule: z.string(), basis: z.string() });
export type TLegalDeadline = z.infer<typeof ZLegalDeadline>;

/** The bidder's own bids: receipts and the digital envelope to open at the opening. */
export const ZMyBids = z.object({ bids: z.array(z.object({ id: z.string(), lotId: z.number(), status: ZBidStatus, submittedAt: z.string(), ciphertextSm3: z.string(), sealedKey: z.string(), price: z.number().nullable() })) });
export type TMyBids = z.infer<typeof ZMyBids>;

/** 投标登记: who bid, with price and duration only once decrypted. */
export const ZBidRegister = z.object({ bids: z.array(z.object({ id: z.string(), lotNumber: z.number(), enterprise: z.string(), status: ZBidStatus, submittedAt: z.string(), price: z.number().nullable(), durationDays: z.number().nullable() })) });
export type TBidRegister = z.infer<typeof ZBidRegister>;

export const ZExperts = z.object({ experts: z.array(z.object({ id: z.number(), name: z.string(), idMasked: z.string(), specialities: z.array(z.string()), regionCode: z.string(), employerName: z.string(), status: z.enum(['active', 'suspended']) })) });
export type TExperts = z.infer<typeof ZExperts>;

export const ZKeyHolderCandidates = z.object({ candidates: z.array(z.object({ userId: z.number(), name: z.string(), party: z.string(), hasCertificate: z.boolean() })) });
export type TKeyHolderCandidates = z.infer<typeof ZKeyHolderCandidates>;

/** The draw key shares sealed to the caller's certificate. */
export const ZKeyShares = z.object({ shares: z.array(z.object({ drawId: z.string(), projectId: z.string(), projectNumber: z.string(), projectTitle: z.string(), threshold: z.number(), status: ZDrawStatus, sealedShare: z.string(), presented: z.boolean() })) });
export type TKeyShares = z.infer<typeof ZKeyShares>;

export const ZExpertAssignments = z.object({ assignments: z.array(z.object({ drawId: z.string(), projectId: z.string(), number: z.string(), title: z.string(), projectStatus: ZTradingProjectStatus, evaluationAt: z.string().nullable(), status: ZDrawMemberStatus, speciality: z.string() })) });
export type TExpertAssignments = z.infer<typeof ZExpertAssignments>;

/** 评分表: the decrypted bids, the criteria, the expert's own scores and the report once compiled. */
export const ZScoringSheet = z.object({
  project: z.object({ id: z.string(), number: z.string(), title: z.string(), status: ZTradingProjectStatus, method: ZEvaluationMethod }),
  criteria: z.array(z.object({ name: z.string(), maxPoints: z.number() })),
  bids: z.array(z.object({ id: z.string(), lot: z.number(), bidder: z.string(), price: z.number().nullable(), durationDays: z.number().nullable() })),
  myScores: z.array(z.object({ bidId: z.string(), criterion: z.string(), points: z.number() })),
  report: z.object({ digest: z.string(), signed: z.boolean(), content: json }).nullable(),
});
export type TScoringSheet = z.infer<typeof ZScoringSheet>;

export const ZObjections = z.object({ objections: z.array(z.object({ id: z.number(), bidder: z.string(), text: z.string(), raisedAt: z.string(), answer: z.string().nullable(), answeredAt: z.string().nullable() })) });
export type TObjections = z.infer<typeof ZObjections>;

export const ZAwards = z.object({ awards: z.array(z.object({ id: z.number(), noticeNumber: z.string(), winner: z.string(), price: z.number(), issuedAt: z.string() })) });
export type TAwards = z.infer<typeof ZAwards>;

export const ZWarnings = z.object({ warnings: z.array(z.object({ id: z.number(), rule: z.string(), ruleName: z.string(), summary: z.string(), evidence: json, raisedAt: z.string(), projectId: z.string().nullable(), projectNumber: z.string().nullable(), projectTitle: z.string().nullable() })) });
export type TWarnings = z.infer<typeof ZWarnings>;

export const ZCentreKey = z.object({ publicKey: z.string() });
export type TCentreKey = z.infer<typeof ZCentreKey>;
