import { contentDisposition } from '../../http/content-disposition.js';
import path from 'node:path';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor, requireLogin, requireRole } from '../../http/auth.js';
import type { Actor } from '../auth/actor.js';
import { regionPrefix } from '../cases/policy.js';
import { ZErrorResponse } from '../../http/error-schema.js';
import { AppError, forbidden, notFound } from '../../http/errors.js';
import { chinaDate } from '../../util/china-time.js';
import { EXTENSIONS } from '../materials/detect.js';
import { MAX_FILE_BYTES } from '../materials/service.js';
import { FileStore } from '../materials/storage.js';
import type { MaterialContentType } from '../../db/schema.js';
import * as announcements from './announcements.js';
import { ZAssessmentRules } from './assessment.js';
import { renderContactCard } from './card-pdf.js';
import { saveServiceType } from './catalogue.js';
import * as contracts from './contracts.js';
import { recordEvent, verifyEventChain } from './events.js';
import { isCentreAdmin, isOwner, mayWatch } from './policy.js';
import * as registry from './registry.js';
import * as repo from './repo.js';
import {
  ZAnnouncementDetail,
  ZAnnouncementInput,
  ZAnnouncementList,
  ZComplaintList,
  ZContract,
  ZContractList,
  ZEventLog,
  ZIdParams,
  ZIntermediaryList,
  ZIntermediaryOne,
  ZMyIntermediary,
  ZQualificationInput,
  ZSelectionOutcome,
  ZRegistration,
  ZSanctionInput,
  ZServiceTypeInput,
  ZServiceTypeList,
  ZStats,
} from './schema.js';
import { supermarketStats } from './stats.js';
import { toAnnouncement, toContract, toIntermediary } from './view.js';
import { ZId } from '../../http/params.js';

const errors = { 400: ZErrorResponse, 401: ZErrorResponse, 403: ZErrorResponse, 404: ZErrorResponse, 409: ZErrorResponse };
const tags = ['intermediary'];
const ok = z.object({ ok: z.literal(true) });
const prefixOf = (code: string | null) => (code ? regionPrefix(code) : '');

/** 中介超市: the public list and disclosures, registration, announcements, selection, contracts, assessment. */
export const intermediaryRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;
  const store = new FileStore(path.join(config.dataDir, 'files'));
  await app.register(multipart, { limits: { fileSize: MAX_FILE_BYTES, files: 1, fields: 2, fieldSize: 1000 } });

  const serviceTypes = async (options: { publishedOnly: boolean; itemId?: number }) =>
    (await repo.listServiceTypes(db, options)).map((t) => ({
      id: t.id,
      code: t.code,
      name: t.name,
      legalBasis: t.legal_basis,
      feeBasis: t.fee_basis,
      usualDays: t.usual_days,
      dayUnit: t.day_unit,
      published: t.published,
      items: t.items,
    }));

  // ---- Public: the list of services, the intermediaries ranked, announcements and results, statistics.
  app.get(
    '/api/public/intermediary/service-types',
    { schema: { tags, summary: '中介服务事项清单（公开；itemId 只列该审批事项需要的）', querystring: z.object({ itemId: ZId.optional() }), response: { 200: ZServiceTypeList, ...errors } } },
    async (request) => ({ serviceTypes: await serviceTypes({ publishedOnly: true, itemId: request.query.itemId }) }),
  );

  app.get(
    '/api/public/intermediary/agencies',
    { schema: { tags, summary: '入驻中介机构及信用排名（公开）', querystring: z.object({ serviceTypeId: ZId.optional() }), response: { 200: ZIntermediaryList, ...errors } } },
    async (request) => ({ intermediaries: (await registry.listIntermediaries(db, { includeUnapproved: false, serviceTypeId: request.query.serviceTypeId })).map(toIntermediary) }),
  );

  app.get(
    '/api/public/intermediary/agencies/:id',
    { schema: { tags, summary: '中介机构公开信息', params: ZIdParams, response: { 200: ZIntermediaryOne, ...errors } } },
    async (request) => ({ intermediary: toIntermediary(await publicIntermediary(request.params.id)) }),
  );

  app.get(
    '/api/public/intermediary/agencies/:id/card.pdf',
    { schema: { tags, summary: '中介机构联系卡（PDF，带二维码）', params: ZIdParams } },
    async (request, reply) => {
      const entry = await publicIntermediary(request.params.id);
      const pdf = await renderContactCard({
        name: entry.row.name,
        creditCode: entry.row.credit_code,
        presence: entry.row.presence,
        address: entry.row.address,
        phone: entry.row.phone,
        contactName: entry.row.contact_name,
        grade: entry.score.grade,
        score: entry.score.score,
        services: entry.qualifications.filter((q) => q.usable).map((q) => ({ name: q.service_type_name, certificateNumber: q.certificate_number, validTo: q.valid_to, feeStandard: q.fee_standard })),
        publicUrl: `${config.publicUrl}/intermediary/agencies/${entry.row.id}`,
      });
      const filename = `${entry.row.name}联系卡.pdf`;
      reply.header('content-type', 'application/pdf').header('content-disposition', contentDisposition(filename, 'inline'));
      return reply.send(pdf);
    },
  );

  async function publicIntermediary(id: number) {
    const entry = (await registry.listIntermediaries(db, { includeUnapproved: false })).find((e) => e.row.id === id);
    if (!entry) throw notFound('中介机构');
    return entry;
  }

  app.get(
    '/api/public/intermediary/announcements',
    { schema: { tags, summary: '选取公告与选取结果公示（公开）', response: { 200: ZAnnouncementList, ...errors } } },
    async () => {
      const rows = await announcements.listAnnouncements(db, { statuses: ['open', 'selected', 'contracted', 'failed'] });
      return { announcements: await withSelectedNames(rows) };
    },
  );

  app.get(
    '/api/public/intermediary/announcements/:id',
    { schema: { tags, summary: '一则选取公告（报名截止前报价保密）', params: ZIdParams, response: { 200: ZAnnouncementDetail, ...errors } } },
    async (request) => announcementDetail(request.actor, request.params.id),
  );

  app.get(
    '/api/public/intermediary/stats',
    { schema: { tags, summary: '中介服务统计（按服务事项）', querystring: z.object({ from: z.iso.date().optional(), to: z.iso.date().optional() }), response: { 200: ZStats, ...errors } } },
    async (request) => {
      const to = request.query.to ?? chinaDate();
      const from = request.query.from ?? `${to.slice(0, 4)}-01-01`;
      if (from > to) throw new AppError('VALIDATION_FAILED', '开始日期不能晚于结束日期', [{ field: 'query.from', message: '开始日期不能晚于结束日期' }]);
      return { from, to, rows: await supermarketStats(db, { from, to }) };
    },
  );

  app.post(
    '/api/public/intermediary/register',
    { config: { rateLimit: { max: 10, timeWindow: '1 minute' } }, schema: { tags, summary: '中介机构网上入驻申请（建立账号，待中心审核）', body: ZRegistration, response: { 201: z.object({ id: z.number() }), ...errors } } },
    async (request, reply) => {
      reply.status(201);
      return registry.registerIntermediary(db, { actor: request.actor, presence: 'online', input: request.body });
    },
  );

  async function withSelectedNames(rows: Awaited<ReturnType<typeof announcements.listAnnouncements>>) {
    const names = await repo.intermediaryNamesOfResponses(db, rows.map((r) => r.selected_response_id).filter((id): id is number => id !== null));
    return rows.map((r) => toAnnouncement(r, { selectedIntermediaryName: r.selected_response_id ? (names.get(r.selected_response_id) ?? null) : null }));
  }

  async function announcementDetail(actor: Actor | null, id: number) {
    const view = await announcements.viewAnnouncement(db, { actor, id });
    const selectedId = view.row.selected_response_id;
    const selectedName = selectedId ? ((await repo.intermediaryNamesOfResponses(db, [selectedId])).get(selectedId) ?? null) : null;
    return {
      announcement: toAnnouncement(view.row, { responseCount: view.responseCount, selectedIntermediaryName: selectedName }),
      responses: view.responses.map((r) => ({
        id: r.id,
        intermediaryId: r.intermediary_id,
        intermediaryName: r.intermediary_name,
        quote: r.quote,
        promisedDays: r.promised_days,
        note: r.note,
        status: r.status,
        createdAt: r.created_at.toISOString(),
      })),
      sealed: view.sealed,
      isOwn: view.isOwn,
    };
  }

  // ---- The centre: the list of services, registrations, sanctions, complaints, rules, the log.
  app.get(
    '/api/intermediary/service-types',
    { preHandler: requireRole('admin'), schema: { tags, summary: '中介服务事项清单（含未公布）', response: { 200: ZServiceTypeList, ...errors } } },
    async () => ({ serviceTypes: await serviceTypes({ publishedOnly: false }) }),
  );
  app.post(
    '/api/intermediary/service-types',
    { preHandler: requireRole('admin'), schema: { tags, summary: '新增中介服务事项', body: ZServiceTypeInput, response: { 201: z.object({ id: z.number() }), ...errors } } },
    async (request, reply) => {
      reply.status(201);
      return saveServiceType(db, { actor: requireActor(request), input: request.body });
    },
  );
  app.put(
    '/api/intermediary/service-types/:id',
    { preHandler: requireRole('admin'), schema: { tags, summary: '修改中介服务事项', params: ZIdParams, body: ZServiceTypeInput, response: { 200: z.object({ id: z.number() }), ...errors } } },
    async (request) => saveServiceType(db, { actor: requireActor(request), id: request.params.id, input: request.body }),
  );

  app.get(
    '/api/intermediary/agencies',
    { preHandler: requireRole('admin', 'supervisor'), schema: { tags, summary: '全部中介机构（含待审核）', response: { 200: ZIntermediaryList, ...errors } } },
    async () => ({ intermediaries: (await registry.listIntermediaries(db, { includeUnapproved: true })).map(toIntermediary) }),
  );
  app.post(
    '/api/intermediary/agencies',
    { preHandler: requireRole('admin'), schema: { tags, summary: '大厅入驻登记（实体中介超市）', body: ZRegistration, response: { 201: z.object({ id: z.number() }), ...errors } } },
    async (request, reply) => {
      reply.status(201);
      return registry.registerIntermediary(db, { actor: requireActor(request), presence: 'hall', input: request.body });
    },
  );
  app.post(
    '/api/intermediary/agencies/:id/review',
    { preHandler: requireRole('admin'), schema: { tags, summary: '审核入驻', params: ZIdParams, body: z.object({ approve: z.boolean(), note: z.string().trim().max(1000).default('') }), response: { 200: z.object({ status: z.string() }), ...errors } } },
    async (request) => {
      if (!request.body.approve && !request.body.note) throw new AppError('VALIDATION_FAILED', '不予通过须写明理由', [{ field: 'body.note', message: '请写明理由' }]);
      return registry.reviewIntermediary(db, { actor: requireActor(request), id: request.params.id, ...request.body });
    },
  );
  app.post(
    '/api/intermediary/agencies/:id/sanctions',
    { preHandler: requireRole('admin'), schema: { tags, summary: '警告、暂停或列入黑名单', params: ZIdParams, body: ZSanctionInput, response: { 201: z.object({ id: z.number(), endsOn: z.string().nullable() }), ...errors } } },
    async (request, reply) => {
      reply.status(201);
      return registry.sanctionIntermediary(db, { actor: requireActor(request), id: request.params.id, ...request.body });
    },
  );
  app.post(
    '/api/intermediary/agencies/:id/qualifications',
    { preHandler: requireRole('admin'), schema: { tags, summary: '中心为大厅入驻机构登记资质', params: ZIdParams, body: ZQualificationInput, response: { 201: z.object({ id: z.number(), status: z.string() }), ...errors } } },
    async (request, reply) => {
      reply.status(201);
      return registry.saveQualification(db, { actor: requireActor(request), intermediaryId: request.params.id, ...request.body });
    },
  );

  app.get(
    '/api/intermediary/assessment-rules',
    { preHandler: requireRole('admin', 'supervisor'), schema: { tags, summary: '考核细则', response: { 200: ZAssessmentRules, ...errors } } },
    async () => repo.readRules(db),
  );
  app.put(
    '/api/intermediary/assessment-rules',
    { preHandler: requireRole('admin'), schema: { tags, summary: '修改考核细则（所有分数随之重算）', body: ZAssessmentRules, response: { 200: ok, ...errors } } },
    async (request) => {
      const actor = requireActor(request);
      await db.transaction().execute(async (trx) => {
        await repo.saveRules(trx, request.body, actor.id);
        await recordEvent(trx, actor, { action: 'rules_changed', entity: 'settings', entityId: null, data: request.body });
      });
      return { ok: true as const };
    },
  );

  app.get(
    '/api/intermediary/events',
    { preHandler: requireRole('admin', 'supervisor'), schema: { tags, summary: '中介超市操作记录（含被拒绝的指定企图）', querystring: z.object({ action: z.string().max(40).optional() }), response: { 200: ZEventLog, ...errors } } },
    async (request) => {
      const [rows, chain] = await Promise.all([repo.listEvents(db, request.query.action), verifyEventChain(db)]);
      return {
        events: rows.map((e) => ({ id: String(e.id), at: e.at.toISOString(), actorName: e.display_name, actorRole: e.actor_role, action: e.action, entity: e.entity, entityId: e.entity_id, data: e.data })),
        chain,
      };
    },
  );

  app.get(
    '/api/intermediary/complaints',
    { preHandler: requireLogin, schema: { tags, summary: '投诉（业主看自己的；中心和监察看全部）', response: { 200: ZComplaintList, ...errors } } },
    async (request) => ({
      complaints: (await contracts.listComplaints(db, requireActor(request))).map((c) => ({
        id: c.id,
        intermediaryId: c.intermediary_id,
        intermediaryName: c.intermediary_name,
        contractId: c.contract_id,
        content: c.content,
        upheld: c.upheld,
        finding: c.finding,
        createdAt: c.created_at.toISOString(),
      })),
    }),
  );
  app.post(
    '/api/intermediary/complaints/:id/decide',
    { preHandler: requireRole('admin'), schema: { tags, summary: '认定投诉', params: ZIdParams, body: z.object({ upheld: z.boolean(), finding: z.string().trim().min(2, '请写明认定意见').max(2000) }), response: { 200: ok, ...errors } } },
    async (request) => {
      await contracts.decideComplaint(db, { actor: requireActor(request), id: request.params.id, ...request.body });
      return { ok: true as const };
    },
  );

  // ---- The intermediary's own desk.
  app.get(
    '/api/intermediary/me',
    { preHandler: requireRole('intermediary'), schema: { tags, summary: '本机构信息、资质与信用', response: { 200: ZMyIntermediary, ...errors } } },
    async (request) => {
      const actor = requireActor(request);
      const own = await repo.findIntermediaryOfUser(db, actor.id);
      if (!own) throw notFound('中介机构');
      const entry = (await registry.listIntermediaries(db, { includeUnapproved: true })).find((e) => e.row.id === own.id)!;
      const staff = await repo.listStaff(db, own.id);
      return { intermediary: toIntermediary(entry), staff: staff.map((s) => ({ id: s.id, name: s.name, title: s.title, certificateNumber: s.certificate_number })) };
    },
  );
  app.post(
    '/api/intermediary/me/qualifications',
    { preHandler: requireRole('intermediary'), schema: { tags, summary: '登记或更新资质', body: ZQualificationInput, response: { 201: z.object({ id: z.number(), status: z.string() }), ...errors } } },
    async (request, reply) => {
      reply.status(201);
      return registry.saveQualification(db, { actor: requireActor(request), ...request.body });
    },
  );
  app.post(
    '/api/intermediary/me/staff',
    { preHandler: requireRole('intermediary'), schema: { tags, summary: '登记从业人员', body: z.object({ name: z.string().trim().min(1).max(50), title: z.string().trim().min(1).max(50), certificateNumber: z.string().trim().max(100).optional() }), response: { 201: z.object({ id: z.number() }), ...errors } } },
    async (request, reply) => {
      reply.status(201);
      return registry.addStaff(db, { actor: requireActor(request), ...request.body });
    },
  );
  app.get(
    '/api/intermediary/open-announcements',
    { preHandler: requireRole('intermediary'), schema: { tags, summary: '本机构有资质的、正在报名的公告', response: { 200: ZAnnouncementList, ...errors } } },
    async (request) => {
      const own = await repo.findIntermediaryOfUser(db, requireActor(request).id);
      const types = own ? (await repo.listQualifications(db, [own.id])).map((q) => q.service_type_id) : [];
      return { announcements: await withSelectedNames(await announcements.listAnnouncements(db, { statuses: ['open'], serviceTypeIds: types })) };
    },
  );
  app.post(
    '/api/intermediary/announcements/:id/responses',
    { preHandler: requireRole('intermediary'), schema: { tags, summary: '报名（报价与承诺时限；截止前可修改）', params: ZIdParams, body: z.object({ quote: z.number().int().min(1).max(1_000_000_000), promisedDays: z.number().int().min(1).max(720), note: z.string().max(2000).default('') }), response: { 201: z.object({ id: z.number() }), ...errors } } },
    async (request, reply) => {
      reply.status(201);
      return announcements.respond(db, { actor: requireActor(request), announcementId: request.params.id, ...request.body });
    },
  );
  app.post(
    '/api/intermediary/announcements/:id/responses/withdraw',
    { preHandler: requireRole('intermediary'), schema: { tags, summary: '撤回报名（截止前）', params: ZIdParams, response: { 200: ok, ...errors } } },
    async (request) => {
      await announcements.withdrawResponse(db, { actor: requireActor(request), announcementId: request.params.id });
      return { ok: true as const };
    },
  );

  // ---- The owner: announcements, selection, contract, report, rating, complaint.
  app.get(
    '/api/intermediary/announcements',
    { preHandler: requireLogin, schema: { tags, summary: '选取公告（业主看自己的；中心和监察看本区域）', response: { 200: ZAnnouncementList, ...errors } } },
    async (request) => {
      const actor = requireActor(request);
      if (isOwner(actor)) return { announcements: await withSelectedNames(await announcements.listAnnouncements(db, { ownerId: actor.id })) };
      if (mayWatch(actor)) return { announcements: await withSelectedNames(await announcements.listAnnouncements(db, { regionPrefix: prefixOf(actor.regionCode) })) };
      throw forbidden('当前角色无权查看选取公告');
    },
  );
  app.post(
    '/api/intermediary/announcements',
    { schema: { tags, summary: '发布选取公告（项目业主）', body: ZAnnouncementInput, response: { 201: z.object({ id: z.number(), number: z.string() }), ...errors } } },
    async (request, reply) => {
      const { responseDeadline, ...input } = request.body;
      reply.status(201);
      return announcements.postAnnouncement(db, { actor: requireActor(request), input: { ...input, responseDeadline: new Date(responseDeadline) } });
    },
  );
  app.get(
    '/api/intermediary/announcements/:id',
    { preHandler: requireLogin, schema: { tags, summary: '选取公告详情', params: ZIdParams, response: { 200: ZAnnouncementDetail, ...errors } } },
    async (request) => announcementDetail(requireActor(request), request.params.id),
  );
  app.post(
    '/api/intermediary/announcements/:id/select',
    { preHandler: requireLogin, schema: { tags, summary: '选取（按公告确定的方式；只有业主本人可以操作，他人尝试被拒绝并记录）', params: ZIdParams, body: z.object({ responseId: z.number().int().positive().optional() }), response: { 200: ZSelectionOutcome, ...errors } } },
    async (request) => announcements.selectIntermediary(db, { actor: requireActor(request), announcementId: request.params.id, responseId: request.body.responseId }),
  );
  app.post(
    '/api/intermediary/announcements/:id/cancel',
    { schema: { tags, summary: '撤销公告（报名期间）', params: ZIdParams, body: z.object({ reason: z.string().trim().min(2, '请写明撤销理由').max(500) }), response: { 200: ok, ...errors } } },
    async (request) => {
      await announcements.cancelAnnouncement(db, { actor: requireActor(request), announcementId: request.params.id, reason: request.body.reason });
      return { ok: true as const };
    },
  );
  app.post(
    '/api/intermediary/announcements/:id/contract',
    { preHandler: requireLogin, schema: { tags, summary: '公示期满后签约，服务时限开始计算', params: ZIdParams, response: { 201: z.object({ id: z.number(), dueDate: z.string() }), ...errors } } },
    async (request, reply) => {
      reply.status(201);
      return announcements.signContract(db, { actor: requireActor(request), announcementId: request.params.id });
    },
  );

  app.get(
    '/api/intermediary/contracts',
    { preHandler: requireLogin, schema: { tags, summary: '中介服务合同及时限灯', response: { 200: ZContractList, ...errors } } },
    async (request) => ({ contracts: (await contracts.listContractsFor(db, requireActor(request))).map((c) => toContract(c)) }),
  );
  app.get(
    '/api/intermediary/contracts/:id',
    { preHandler: requireLogin, schema: { tags, summary: '一份中介服务合同', params: ZIdParams, response: { 200: z.object({ contract: ZContract }), ...errors } } },
    async (request) => ({ contract: toContract(await contracts.visibleContract(db, requireActor(request), request.params.id)) }),
  );
  app.post(
    '/api/intermediary/contracts/:id/report',
    { preHandler: requireRole('intermediary'), schema: { tags, summary: '提交中介服务成果（multipart "file"；PDF/JPEG/PNG/OFD）', params: ZIdParams, consumes: ['multipart/form-data'], response: { 200: z.object({ light: z.string() }), 413: ZErrorResponse, 415: ZErrorResponse, ...errors } } },
    async (request) => {
      const actor = requireActor(request);
      if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 上传文件');
      const part = await request.file();
      if (!part) throw new AppError('VALIDATION_FAILED', '请选择文件', [{ field: 'body.file', message: '请选择文件' }]);
      const content = await part.toBuffer().catch((error: { code?: string }) => {
        if (error.code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('PAYLOAD_TOO_LARGE', `文件不能超过 ${MAX_FILE_BYTES / 1024 / 1024} MB`);
        throw error;
      });
      return contracts.deliverReport(db, { actor, store, contractId: request.params.id, content, originalName: part.filename });
    },
  );
  app.get(
    '/api/intermediary/contracts/:id/report',
    { preHandler: requireLogin, schema: { tags, summary: '下载成果文件', params: ZIdParams } },
    async (request, reply) => {
      const report = await contracts.readReport(db, { actor: requireActor(request), store, contractId: request.params.id });
      const ext = EXTENSIONS[report.contentType as MaterialContentType] ?? 'bin';
      reply
        .header('content-type', report.contentType)
        .header('content-disposition', contentDisposition(`${report.name}.${ext}`))
        .header('cache-control', 'private, no-store');
      return reply.send(report.content);
    },
  );
  app.post(
    '/api/intermediary/contracts/:id/attach',
    { schema: { tags, summary: '把成果作为申请材料附到审批办件', params: ZIdParams, body: z.object({ caseId: z.uuid('办件编号格式不正确') }), response: { 201: z.object({ id: z.string() }), ...errors } } },
    async (request, reply) => {
      reply.status(201);
      return contracts.attachReportToCase(db, { actor: requireActor(request), store, contractId: request.params.id, caseId: request.body.caseId });
    },
  );
  app.post(
    '/api/intermediary/contracts/:id/rating',
    { schema: { tags, summary: '业主评价中介服务（五级）', params: ZIdParams, body: z.object({ level: z.number().int().min(1).max(5), comment: z.string().trim().max(1000).default('') }), response: { 201: ok, ...errors } } },
    async (request, reply) => {
      await contracts.rateService(db, { actor: requireActor(request), contractId: request.params.id, ...request.body });
      reply.status(201);
      return { ok: true as const };
    },
  );
  app.post(
    '/api/intermediary/contracts/:id/complaints',
    { schema: { tags, summary: '投诉中介服务', params: ZIdParams, body: z.object({ content: z.string().trim().min(5, '请写明投诉内容').max(2000) }), response: { 201: z.object({ id: z.number() }), ...errors } } },
    async (request, reply) => {
      reply.status(201);
      return contracts.fileComplaint(db, { actor: requireActor(request), contractId: request.params.id, content: request.body.content });
    },
  );

  app.get(
    '/api/intermediary/pending-count',
    { preHandler: requireRole('admin'), schema: { tags, summary: '待审核入驻数', response: { 200: z.object({ pending: z.number() }), ...errors } } },
    async (request) => {
      if (!isCentreAdmin(requireActor(request))) throw forbidden();
      return { pending: await registry.countPending(db) };
    },
  );
};
