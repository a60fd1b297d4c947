import { contentDisposition } from '../../http/content-disposition.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor, requireLogin, requireRole } from '../../http/auth.js';
import { ZErrorResponse } from '../../http/error-schema.js';
import { AppError, notFound } from '../../http/errors.js';
import { renderAwardNotice } from '../../documents/award-notice-pdf.js';
import { sealSignerFor } from '../seals/keystore.js';
import { assertRunsProject, loadProject } from './access.js';
import * as bids from './bids.js';
import * as blacklist from './blacklist.js';
import * as certificates from './certificates.js';
import * as draws from './draws.js';
import * as enterprises from './enterprises.js';
import * as evaluation from './evaluation.js';
import { projectEvents, SYSTEM, verifyTradingChain } from './events.js';
import * as projects from './projects.js';
import { listWarnings, ruleCatalogue } from './risk.js';
import { daySchedule, publications } from './schedule.js';
import { ZId } from '../../http/params.js';
import {
  ZLegalDeadlineQuery,
  ZAnnounceRequest,
  ZAnswerRequest,
  ZBlacklistEntry,
  ZBlacklistFeed,
  ZBookingRequest,
  ZCertificateRequest,
  ZClarifyRequest,
  ZDecryptRequest,
  ZDrawRequest,
  ZEnterpriseInput,
  ZExpertInput,
  ZIdParams,
  ZObjectionRequest,
  ZPartnerRequest,
  ZProjectInput,
  ZProjectParams,
  ZPublicationQuery,
  ZPublicityRequest,
  ZRespondRequest,
  ZReviewRequest,
  ZRevokeRequest,
  ZScheduleQuery,
  ZScoresRequest,
  ZSealedBid,
  ZShareRequest,
  ZSignatureRequest,
  ZUuidParams,
  ZAwards,
  ZAwardVerification,
  ZBidRegister,
  ZBlacklist,
  ZCentreKey,
  ZCertificates,
  ZDaySchedule,
  ZExpertAssignments,
  ZExperts,
  ZKeyHolderCandidates,
  ZKeyShares,
  ZLegalDeadline,
  ZMyBids,
  ZMyEnterprise,
  ZObjections,
  ZOpenTenders,
  ZProjectDetail,
  ZProjectList,
  ZPublicationList,
  ZPublicProject,
  ZRegisteredProject,
  ZRiskRules,
  ZRooms,
  ZScoringSheet,
  ZWarnings,
} from './schema.js';
import { findFeedCentre, findReport, listExpertAssignments, listOpenTenders } from './repo.js';

// The answers the web app reads are declared (schema.ts, whose inferred types it imports); the
// others are typed by their service functions and documented as JSON or the one error shape.
const json = z.unknown();
const errors = { 200: json, 201: json, 400: ZErrorResponse, 401: ZErrorResponse, 403: ZErrorResponse, 404: ZErrorResponse, 409: ZErrorResponse };
const tags = ['trading'];
const ok = { ok: true as const };

/** 公共资源交易: projects, bids, experts, evaluation, risk warnings, blacklist (README "Public resource trading"). */
export const tradingRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  const sealSigner = sealSignerFor(app.deps.config);
  const officer = { preHandler: requireRole('trading_officer') };
  const runner = { preHandler: requireRole('applicant', 'trading_agency', 'trading_officer') };
  const bidder = { preHandler: requireRole('applicant') };
  const expert = { preHandler: requireRole('expert') };
  const watcher = { preHandler: requireRole('trading_officer', 'supervisor') };

  // ---- Public: directory, publications (the feed), day's schedule, 曝光台, rules ----
  app.get('/api/public/trading/publications', { schema: { tags, summary: '公告公示（按发布顺序；after= 游标即数据推送）', querystring: ZPublicationQuery, response: { 200: ZPublicationList } } }, async (request) => ({
    publications: await publications(db, request.query),
  }));
  app.get('/api/public/trading/schedule', { schema: { tags, summary: '当日交易安排（开标、评标，场地与时间）', querystring: ZScheduleQuery, response: { 200: ZDaySchedule } } }, async (request) =>
    daySchedule(db, request.query.date, request.query.centreId),
  );
  app.get('/api/public/trading/projects/:id', { schema: { tags, summary: '项目公开信息', params: ZProjectParams, response: { ...errors, 200: ZPublicProject } } }, async (request) => {
    const summary = await projects.projectSummary(db, request.params.id);
    if (['submitted', 'rejected'].includes(summary.status)) throw notFound('交易项目');
    return { project: summary };
  });
  app.get('/api/public/trading/open-tenders', { schema: { tags, summary: '正在招标的项目（投标期内）', response: { 200: ZOpenTenders } } }, async () => ({ projects: await openTenders() }));
  app.get('/api/public/trading/blacklist', { schema: { tags, summary: '曝光台：有效的黑名单', response: { 200: ZBlacklist } } }, async () => ({ entries: await blacklist.publicBlacklist(db) }));
  app.get('/api/public/trading/blacklist/feed', { schema: { tags, summary: '黑名单交换数据（中心 SM2 签名，供其他城市导入）', querystring: z.object({ centreId: ZId.optional() }) } }, async (request) => {
    const centre = await findFeedCentre(db, request.query.centreId);
    if (!centre) throw notFound('交易中心');
    return blacklist.exportFeed(db, SYSTEM, centre);
  });
  app.get('/api/public/trading/awards/:number/verify', { schema: { tags, summary: '中标通知书验真（电子印章）', params: z.object({ number: z.string().trim().min(3).max(60) }), response: { ...errors, 200: ZAwardVerification } } }, async (request) =>
    evaluation.verifyAwardNotice(db, request.params.number),
  );
  app.get('/api/public/trading/risk-rules', { schema: { tags, summary: '风险预警点及阈值', response: { 200: ZRiskRules } } }, async () => ({ rules: ruleCatalogue() }));

  async function openTenders() {
    const rows = await listOpenTenders(db);
    return rows.map((r) => ({ id: r.id, number: r.number, title: r.title, category: projects.CATEGORY_NAMES[r.category], bidDeadline: r.bid_deadline!.toISOString(), budget: r.budget }));
  }

  // ---- Enterprises and certificates ----
  app.post('/api/trading/enterprises', { ...runner, schema: { tags, summary: '企业库登记（法人用户登记本单位）', body: ZEnterpriseInput, response: errors } }, async (request) => ({
    enterprise: await enterprises.registerEnterprise(db, requireActor(request), request.body),
  }));
  app.get('/api/trading/enterprises/mine', { ...bidder, schema: { tags, summary: '本单位企业信息', response: { 200: ZMyEnterprise } } }, async (request) => ({ enterprise: await enterprises.myEnterprise(db, requireActor(request)) }));
  app.get('/api/trading/enterprises', { preHandler: requireRole('trading_officer', 'trading_agency', 'supervisor'), schema: { tags, summary: '企业库' } }, async () => ({ enterprises: await enterprises.listEnterprises(db) }));
  app.post('/api/trading/certificates', { schema: { tags, summary: '申请数字证书（客户端生成 SM2 密钥对，只上送公钥）', body: ZCertificateRequest, response: errors } }, async (request) => ({
    certificate: await certificates.issueCertificate(db, requireActor(request), request.body.publicKey),
  }));
  app.get('/api/trading/certificates/mine', { preHandler: requireLogin, schema: { tags, summary: '我的数字证书', response: { 200: ZCertificates } } }, async (request) => ({ certificates: await certificates.myCertificates(db, requireActor(request)) }));
  app.post('/api/trading/certificates/:serial/revoke', { schema: { tags, summary: '吊销证书', params: z.object({ serial: z.string().max(40) }), body: ZRevokeRequest, response: errors } }, async (request) => ({
    certificate: await certificates.revokeCertificate(db, requireActor(request), request.params.serial, request.body.reason),
  }));

  // ---- Projects ----
  app.get('/api/trading/rooms', { preHandler: requireLogin, schema: { tags, summary: '开标室、评标室', response: { 200: ZRooms } } }, async (request) => ({ rooms: await projects.rooms(db, requireActor(request).centreId) }));
  app.post('/api/trading/projects', { ...runner, schema: { tags, summary: '交易项目登记', body: ZProjectInput, response: { ...errors, 201: ZRegisteredProject } } }, async (request, reply) => {
    reply.status(201);
    return projects.registerProject(db, requireActor(request), request.body);
  });
  app.get('/api/trading/projects', { preHandler: requireRole('applicant', 'trading_agency', 'trading_officer', 'supervisor'), schema: { tags, summary: '我经办的交易项目', response: { 200: ZProjectList } } }, async (request) => ({
    projects: await projects.listProjects(db, requireActor(request)),
  }));
  app.get('/api/trading/projects/:id', { schema: { tags, summary: '项目详情', params: ZProjectParams, response: { ...errors, 200: ZProjectDetail } } }, async (request) => {
    const actor = requireActor(request);
    const project = await loadProject(db, request.params.id);
    let runs = actor.role === 'supervisor';
    if (!runs) runs = await assertRunsProject(db, actor, project).then(() => true, () => false);
    if (!runs && ['submitted', 'rejected'].includes(project.status)) throw notFound('交易项目');
    return { project: await projects.projectSummary(db, project.id), runs, draw: runs ? await draws.drawView(db, project.id) : null };
  });
  app.post('/api/trading/projects/:id/review', { ...officer, schema: { tags, summary: '中心审核入库', params: ZProjectParams, body: ZReviewRequest, response: errors } }, async (request) => {
    await projects.reviewProject(db, requireActor(request), request.params.id, request.body);
    return ok;
  });
  app.post('/api/trading/projects/:id/announce', { ...runner, schema: { tags, summary: '发布招标公告（法定期限校验）', params: ZProjectParams, body: ZAnnounceRequest, response: errors } }, async (request) =>
    projects.announceProject(db, requireActor(request), request.params.id, request.body),
  );
  app.get('/api/trading/projects/:id/legal-deadline', { ...runner, schema: { tags, summary: '法定最早投标截止日（按招标文件发出日期）', params: ZProjectParams, querystring: ZLegalDeadlineQuery, response: { ...errors, 200: ZLegalDeadline } } }, async (request) =>
    projects.legalDeadline(db, requireActor(request), request.params.id, request.query.documentsFrom),
  );
  app.post('/api/trading/projects/:id/clarify', { ...runner, schema: { tags, summary: '澄清/修改（截止前至少 15 日，或顺延截止时间）', params: ZProjectParams, body: ZClarifyRequest, response: errors } }, async (request) =>
    projects.clarifyProject(db, requireActor(request), request.params.id, request.body),
  );
  app.post('/api/trading/projects/:id/evaluation-room', { ...officer, schema: { tags, summary: '预约评标室', params: ZProjectParams, body: ZBookingRequest, response: errors } }, async (request) => {
    await projects.bookEvaluationRoom(db, requireActor(request), request.params.id, request.body);
    return ok;
  });
  app.get('/api/trading/projects/:id/events', { preHandler: requireRole('applicant', 'trading_agency', 'trading_officer', 'supervisor'), schema: { tags, summary: '全过程留痕（SM3 链）', params: ZProjectParams, response: errors } }, async (request) => {
    const actor = requireActor(request);
    if (actor.role !== 'supervisor') await assertRunsProject(db, actor, await loadProject(db, request.params.id));
    return { events: await projectEvents(db, request.params.id) };
  });
  app.get('/api/trading/chain/verify', { ...watcher, schema: { tags, summary: '校验交易留痕哈希链' } }, async () => verifyTradingChain(db));

  // ---- Bids and the opening ----
  app.post('/api/trading/projects/:id/bids', { ...bidder, schema: { tags, summary: '递交加密投标文件（截止前；再次递交即替换）', params: ZProjectParams, body: ZSealedBid, response: errors } }, async (request, reply) => {
    reply.status(201);
    return bids.submitBid(db, requireActor(request), request.params.id, request.body, request.ip);
  });
  app.get('/api/trading/projects/:id/my-bids', { ...bidder, schema: { tags, summary: '本单位的投标（回执、数字信封）', params: ZProjectParams, response: { 200: ZMyBids } } }, async (request) => ({
    bids: await bids.myBids(db, requireActor(request), request.params.id),
  }));
  app.post('/api/trading/bids/:id/withdraw', { ...bidder, schema: { tags, summary: '撤回投标（截止前）', params: ZUuidParams, response: errors } }, async (request) => {
    await bids.withdrawBid(db, requireActor(request), request.params.id);
    return ok;
  });
  app.post('/api/trading/bids/:id/decrypt', { ...bidder, schema: { tags, summary: '远程解密（开标后，投标人交出内容密钥）', params: ZUuidParams, body: ZDecryptRequest, response: errors } }, async (request) =>
    bids.decryptBid(db, requireActor(request), request.params.id, request.body.contentKey),
  );
  app.get('/api/trading/projects/:id/bids', { preHandler: requireRole('applicant', 'trading_agency', 'trading_officer', 'supervisor'), schema: { tags, summary: '投标登记（开标前无内容）', params: ZProjectParams, response: { ...errors, 200: ZBidRegister } } }, async (request) => ({
    bids: await bids.bidRegister(db, requireActor(request), request.params.id),
  }));
  app.post('/api/trading/projects/:id/opening/start', { ...officer, schema: { tags, summary: '开标（开始解密）', params: ZProjectParams, response: errors } }, async (request) =>
    bids.startOpening(db, requireActor(request), request.params.id),
  );
  app.post('/api/trading/projects/:id/opening/close', { ...officer, schema: { tags, summary: '结束解密，生成并公布开标记录', params: ZProjectParams, response: errors } }, async (request) =>
    bids.closeOpening(db, requireActor(request), request.params.id),
  );

  // ---- Experts and draws ----
  app.post('/api/trading/experts', { ...officer, schema: { tags, summary: '专家入库', body: ZExpertInput, response: errors } }, async (request) => draws.addExpert(db, requireActor(request), request.body));
  app.get('/api/trading/experts', { ...watcher, schema: { tags, summary: '专家库', response: { 200: ZExperts } } }, async () => ({ experts: await draws.listExperts(db) }));
  app.get('/api/trading/projects/:id/key-holders', { ...officer, schema: { tags, summary: '可作为抽取密钥持有人的当事方（监督、招标人、交易中心）', params: ZProjectParams, response: { ...errors, 200: ZKeyHolderCandidates } } }, async (request) => ({
    candidates: await draws.keyHolderCandidatesFor(db, requireActor(request), request.params.id),
  }));
  app.post('/api/trading/projects/:id/draw', { ...officer, schema: { tags, summary: '抽取专家（结果立即加密，门限解密）', params: ZProjectParams, body: ZDrawRequest, response: errors } }, async (request) =>
    draws.createDraw(db, requireActor(request), request.params.id, request.body),
  );
  app.get('/api/trading/key-shares', { preHandler: requireLogin, schema: { tags, summary: '我持有的抽取密钥份额（以我的证书公钥加密）', response: { 200: ZKeyShares } } }, async (request) => ({ shares: await draws.myShares(db, requireActor(request)) }));
  app.post('/api/trading/draws/:id/shares', { schema: { tags, summary: '出示密钥份额（达到门限即解密）', params: ZUuidParams, body: ZShareRequest, response: errors } }, async (request) =>
    draws.presentShare(db, requireActor(request), request.params.id, request.body.share),
  );
  app.get('/api/trading/draws/:id/verify', { ...watcher, schema: { tags, summary: '以记录的种子复算抽取结果', params: ZUuidParams } }, async (request) => ({ reproducible: await draws.verifyDraw(db, request.params.id) }));
  app.get('/api/trading/expert/assignments', { ...expert, schema: { tags, summary: '我的评标任务', response: { 200: ZExpertAssignments } } }, async (request) => {
    const actor = requireActor(request);
    const rows = await listExpertAssignments(db, actor.id);
    return {
      assignments: rows.map((r) => ({ drawId: r.draw_id, projectId: r.project_id, number: r.number, title: r.title, projectStatus: r.project_status, evaluationAt: r.evaluation_at?.toISOString() ?? null, status: r.status, speciality: r.speciality })),
    };
  });
  app.post('/api/trading/draws/:id/respond', { ...expert, schema: { tags, summary: '专家确认参加或回避/拒绝（由备选递补）', params: ZUuidParams, body: ZRespondRequest, response: errors } }, async (request) =>
    draws.respondToDraw(db, requireActor(request), request.params.id, request.body.accept, request.body.reason),
  );

  // ---- Evaluation, publicity, objections, award ----
  app.get('/api/trading/projects/:id/scoring', { ...expert, schema: { tags, summary: '评分表', params: ZProjectParams, response: { ...errors, 200: ZScoringSheet } } }, async (request) => evaluation.scoringSheet(db, requireActor(request), request.params.id));
  app.post('/api/trading/projects/:id/scores', { ...expert, schema: { tags, summary: '提交评分', params: ZProjectParams, body: ZScoresRequest, response: errors } }, async (request) =>
    evaluation.submitScores(db, requireActor(request), request.params.id, request.body.scores),
  );
  app.post('/api/trading/projects/:id/report', { ...officer, schema: { tags, summary: '汇总评分、排序，生成评标报告', params: ZProjectParams, response: errors } }, async (request) =>
    evaluation.compileReport(db, requireActor(request), request.params.id),
  );
  app.get('/api/trading/projects/:id/report', { preHandler: requireRole('applicant', 'trading_agency', 'trading_officer', 'supervisor'), schema: { tags, summary: '评标报告', params: ZProjectParams, response: errors } }, async (request) => {
    const actor = requireActor(request);
    if (actor.role !== 'supervisor') await assertRunsProject(db, actor, await loadProject(db, request.params.id));
    const report = await findReport(db, request.params.id);
    return { report: report ? { digest: report.digest, content: report.content, signedBy: Object.keys(report.signatures).map(Number) } : null };
  });
  app.post('/api/trading/projects/:id/report/sign', { ...expert, schema: { tags, summary: '专家签署评标报告（SM2）', params: ZProjectParams, body: ZSignatureRequest, response: errors } }, async (request) =>
    evaluation.signReport(db, requireActor(request), request.params.id, request.body.signature),
  );
  app.post('/api/trading/projects/:id/candidates', { ...runner, schema: { tags, summary: '中标候选人公示（不少于 3 日）', params: ZProjectParams, body: ZPublicityRequest, response: errors } }, async (request) =>
    evaluation.publishCandidates(db, requireActor(request), request.params.id, request.body.days),
  );
  app.post('/api/trading/projects/:id/objections', { ...bidder, schema: { tags, summary: '提出异议（公示期内）', params: ZProjectParams, body: ZObjectionRequest, response: errors } }, async (request) =>
    evaluation.raiseObjection(db, requireActor(request), request.params.id, request.body.text),
  );
  app.get('/api/trading/projects/:id/objections', { schema: { tags, summary: '异议及答复', params: ZProjectParams, response: { ...errors, 200: ZObjections } } }, async (request) => ({
    objections: await evaluation.objections(db, requireActor(request), request.params.id),
  }));
  app.post('/api/trading/objections/:id/answer', { ...runner, schema: { tags, summary: '答复异议', params: ZIdParams, body: ZAnswerRequest, response: errors } }, async (request) => {
    await evaluation.answerObjection(db, requireActor(request), request.params.id, request.body.answer);
    return ok;
  });
  app.post('/api/trading/projects/:id/award', { ...runner, schema: { tags, summary: '确定中标人，签发中标通知书，公告结果', params: ZProjectParams, response: errors } }, async (request) =>
    evaluation.awardProject(db, sealSigner, requireActor(request), request.params.id),
  );
  app.get('/api/trading/projects/:id/awards', { schema: { tags, summary: '中标通知书列表', params: ZProjectParams, response: { ...errors, 200: ZAwards } } }, async (request) => ({
    awards: await evaluation.myAwards(db, requireActor(request), request.params.id),
  }));
  app.get('/api/trading/awards/:id/notice.pdf', { preHandler: requireLogin, schema: { tags, summary: '中标通知书 PDF（中心签章）', params: ZIdParams } }, async (request, reply) => {
    const notice = await evaluation.awardNotice(db, requireActor(request), request.params.id);
    const pdf = await renderAwardNotice({ ...notice, verifyUrl: `${app.deps.config.publicUrl}/trading/awards/${encodeURIComponent(notice.noticeNumber)}` });
    reply.header('content-type', 'application/pdf').header('content-disposition', contentDisposition(`中标通知书-${notice.noticeNumber}.pdf`, 'inline'));
    return reply.send(pdf);
  });

  // ---- Supervision: warnings; blacklist administration ----
  app.get('/api/trading/warnings', { ...watcher, schema: { tags, summary: '风险预警', querystring: z.object({ projectId: z.uuid().optional() }), response: { 200: ZWarnings } } }, async (request) => ({ warnings: await listWarnings(db, request.query.projectId) }));
  app.post('/api/trading/blacklist', { ...officer, schema: { tags, summary: '列入黑名单', body: ZBlacklistEntry, response: errors } }, async (request) => ({ entry: await blacklist.addEntry(db, requireActor(request), request.body) }));
  app.post('/api/trading/blacklist/import', { ...officer, schema: { tags, summary: '导入其他城市的黑名单（验签）', body: ZBlacklistFeed, response: errors } }, async (request) =>
    blacklist.importFeed(db, requireActor(request), request.body),
  );
  app.post('/api/trading/partners', { ...officer, schema: { tags, summary: '登记数据交换城市及其公钥', body: ZPartnerRequest, response: errors } }, async (request) => blacklist.addPartner(db, requireActor(request), request.body));
  app.get('/api/trading/centre-key', { preHandler: requireLogin, schema: { tags, summary: '本中心签名公钥（供其他城市登记）', response: { 200: ZCentreKey } } }, async (request) => {
    const actor = requireActor(request);
    if (actor.centreId === null) throw new AppError('FORBIDDEN', '当前账号不属于交易中心');
    const { localSigner, centreOwner } = await import('./keys.js');
    return { publicKey: await localSigner(db).publicKey(centreOwner(actor.centreId)) };
  });
};
