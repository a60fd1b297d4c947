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

const errors = { 400: ZErrorResponse, 401: ZErrorResponse, 403: ZErrorResponse, 404: ZErrorResponse, 409: ZErrorResponse };
const ZDate = z.iso.date();

async function scopePrefix(db: Database, actor: Actor): Promise<string> {
  if (actor.role === 'admin') return adminPrefix(db, actor);
  if (actor.role === 'supervisor' && actor.regionCode) return regionPrefix(actor.regionCode);
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
            .default('received:1,completed:1,onTimeRate:1,agencyCases:1,guidingCoverage:1'),
        }),
        response: {
          200: z.object({
            weights: z.record(z.string(), z.number()),
            centres: z.array(
              z.object({
                rank: z.number(),
                centreId: z.number(),
                centreName: z.string(),
                regionCode: z.string(),
                values: z.record(z.string(), z.number()),
                score: z.number(),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const weights: Partial<Record<service.Indicator, number>> = {};
      for (const pair of request.query.weights.split(',')) {
        const [key, value] = pair.split(':') as [string, string];
        if (!(service.INDICATORS as readonly string[]).includes(key)) throw validationFailed('query.weights', `未知指标 ${key}`);
        weights[key as service.Indicator] = Number(value);
      }
      const centres = await service.rankLowerCentres(db, { prefix: await scopePrefix(db, requireActor(request)), month: request.query.month, weights });
      return { weights, centres };
    },
  );
};
