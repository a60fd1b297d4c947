import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor, requireRole } from '../../http/auth.js';
import { ZErrorResponse } from '../../http/error-schema.js';
import { forbidden, validationFailed } from '../../http/errors.js';
import type { Actor } from '../auth/actor.js';
import { getCaseDetail } from '../cases/view.js';
import { ZCaseDetail, ZWalkInRequest } from '../cases/schema.js';
import { regionPrefix } from '../network/regions.js';
import { adminPrefix } from '../network/service.js';
import type { Database } from '../../db/database.js';
import * as service from './service.js';
import { levelRollup, loadRankingWeights, saveRankingWeights } from './levels.js';
import { ZLevelRollup, ZLowerCentres, ZRankingWeights, ZTongbanItemList, ZWeightsAnswer } from './schema.js';

const errors = { 400: ZErrorResponse, 401: ZErrorResponse, 403: ZErrorResponse, 404: ZErrorResponse, 409: ZErrorResponse };
const ZDate = z.iso.date();

async function scopePrefix(db: Database, actor: Actor): Promise<string> {
  if (actor.role === 'admin') return adminPrefix(db, actor);
  if (actor.role === 'supervisor' && actor.regionCode) return regionPrefix(actor.regionCode);
  throw forbidden();
}

/** The region at the top of the caller's subtree: the administrator's centre's, or the supervisor's. */
async function scopeRegion(db: Database, actor: Actor): Promise<string> {
  if (actor.role === 'supervisor' && actor.regionCode) return actor.regionCode;
  if (actor.role === 'admin' && actor.centreId !== null) {
    return (await db.selectFrom('centres').select('region_code').where('id', '=', actor.centreId).executeTakeFirstOrThrow()).region_code;
  }
  throw forbidden();
}

/** 通办 (收受分离) and the assessment of lower centres. */
export const tongbanRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;

  app.post(
    '/api/tongban/walk-in',
    {
      preHandler: requireRole('clerk'),
      schema: {
        tags: ['tongban'],
        summary: '异地受理 (an item of another region on the 通办 list; its own department decides)',
        body: ZWalkInRequest.extend({
          delivery: z.discriminatedUnion('method', [z.object({ method: z.literal('post') }), z.object({ method: z.literal('collect'), pickupCentreId: z.number().int().positive() })]),
        }),
        response: { 201: z.object({ case: ZCaseDetail }), ...errors },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { caseId } = await service.receiveForOtherRegion(db, actor, request.body);
      reply.status(201);
      return { case: await getCaseDetail(db, actor, caseId) };
    },
  );

  app.get(
    '/api/tongban/items',
    {
      preHandler: requireRole('clerk'),
      schema: {
        tags: ['tongban'],
        summary: '本中心可异地受理的通办事项 (items of other regions; their own departments decide)',
        response: { 200: ZTongbanItemList, ...errors },
      },
    },
    async (request) => ({ items: await service.receivableTongbanItems(db, requireActor(request)) }),
  );

  app.get(
    '/api/supervision/tongban',
    {
      preHandler: requireRole('supervisor', 'admin'),
      schema: {
        tags: ['tongban'],
        summary: '异地受理统计 by pair of counties (receiving → deciding), with each side\'s hours',
        querystring: z.object({ from: ZDate, to: ZDate }),
        response: {
          200: z.object({
            pairs: z.array(
              z.object({
                receivingRegion: z.string(),
                receivingName: z.string(),
                decidingRegion: z.string(),
                decidingName: z.string(),
                cases: z.number(),
                completed: z.number(),
                avgReceiveHours: z.number().nullable(),
                avgDecideHours: z.number().nullable(),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      if (request.query.from > request.query.to) throw validationFailed('query.to', '结束日期不能早于开始日期');
      return { pairs: await service.tongbanPairs(db, { prefix: await scopePrefix(db, requireActor(request)), ...request.query }) };
    },
  );

  app.get(
    '/api/supervision/lower-centres',
    {
      preHandler: requireRole('supervisor', 'admin'),
      schema: {
        tags: ['tongban'],
        summary: '下级中心考核排名 (weights: received, completed, onTimeRate, agencyCases, guidingCoverage)',
        querystring: z.object({
          month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式 YYYY-MM'),
          weights: z
            .string()
            .regex(/^([a-zA-Z]+:\d+(\.\d+)?)(,[a-zA-Z]+:\d+(\.\d+)?)*$/, '格式如 received:1,onTimeRate:2')
            .optional()
            .meta({ description: 'try other weights; without it, the weights stored for the region (PUT /api/admin/lower-centre-weights)' }),
        }),
        response: {
          200: ZLowerCentres,
          ...errors,
        },
      },
    },
    async (request) => {
      const prefix = await scopePrefix(db, requireActor(request));
      let weights: Partial<Record<service.Indicator, number>> = {};
      if (request.query.weights === undefined) weights = (await loadRankingWeights(db, prefix)).weights;
      else {
        for (const pair of request.query.weights.split(',')) {
          const [key, value] = pair.split(':') as [string, string];
          if (!(service.INDICATORS as readonly string[]).includes(key)) throw validationFailed('query.weights', `未知指标 ${key}`);
          weights[key as service.Indicator] = Number(value);
        }
      }
      const centres = await service.rankLowerCentres(db, { prefix, month: request.query.month, weights });
      return { weights, centres };
    },
  );

  app.get(
    '/api/supervision/lower-centres/weights',
    { preHandler: requireRole('supervisor', 'admin'), schema: { tags: ['tongban'], summary: '下级中心考核权重（本地区保存的）', response: { 200: ZWeightsAnswer, ...errors } } },
    async (request) => loadRankingWeights(db, await scopePrefix(db, requireActor(request))),
  );

  app.put(
    '/api/admin/lower-centre-weights',
    {
      preHandler: requireRole('admin'),
      schema: { tags: ['tongban'], summary: '设置下级中心考核权重 (audited)', body: ZRankingWeights, response: { 200: ZWeightsAnswer, ...errors } },
    },
    async (request) => {
      const actor = requireActor(request);
      const prefix = await scopePrefix(db, actor);
      await saveRankingWeights(db, actor, prefix, request.body);
      return loadRankingWeights(db, prefix);
    },
  );

  app.get(
    '/api/supervision/levels',
    {
      preHandler: requireRole('supervisor', 'admin'),
      schema: {
        tags: ['tongban'],
        summary: '分级统计: each child region of `under` (default: the caller\'s own) rolled up from its centres, with 本级 and the total',
        querystring: z.object({ under: z.string().regex(/^[0-9]{6}([0-9]{6})?$/, '区划代码为 6 或 12 位').optional(), from: ZDate, to: ZDate }),
        response: {
          200: ZLevelRollup,
          ...errors,
        },
      },
    },
    async (request) => {
      if (request.query.from > request.query.to) throw validationFailed('query.to', '结束日期不能早于开始日期');
      const actor = requireActor(request);
      const under = request.query.under ?? (await scopeRegion(db, actor));
      return levelRollup(db, { scopePrefix: await scopePrefix(db, actor), under, from: request.query.from, to: request.query.to });
    },
  );
};
