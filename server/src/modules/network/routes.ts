import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor, requireRole } from '../../http/auth.js';
import { ZErrorResponse } from '../../http/error-schema.js';
import { forbidden } from '../../http/errors.js';
import { regionPrefix } from './regions.js';
import {
  ZCentre,
  ZCentreContent,
  ZCentreDetail,
  ZCreateRegionRequest,
  ZGuidingEntry,
  ZLevelModes,
  ZOfferMode,
  ZRegion,
  ZRegionProblem,
  ZUpdateCentreRequest,
  ZCentreList,
  ZCompliance,
  ZRegionList,
} from './schema.js';
import * as repo from './repo.js';
import * as service from './service.js';
import { ZId as ZIdValue } from '../../http/params.js';

const errors = { 400: ZErrorResponse, 401: ZErrorResponse, 403: ZErrorResponse, 404: ZErrorResponse, 409: ZErrorResponse };
const ZCode = z.string().regex(/^[0-9]{6}([0-9]{6})?$/);
const ZId = z.object({ id: ZIdValue });

/** The four-level network: regions to villages, centres at every level, what each level offers. */
export const networkRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;

  app.get(
    '/api/regions',
    {
      schema: {
        tags: ['network'],
        summary: '区划树 (统计用区划代码, one region and everything under it)',
        querystring: z.object({ under: ZCode.optional() }),
        response: { 200: ZRegionList, 400: ZErrorResponse },
      },
    },
    async (request) => ({ regions: await service.listRegions(db, request.query.under) }),
  );

  app.get(
    '/api/regions/problems',
    {
      preHandler: requireRole('admin', 'supervisor'),
      schema: { tags: ['network'], summary: '区划树校验 (an empty list means the tree is sound)', response: { 200: z.object({ problems: z.array(ZRegionProblem) }), 401: ZErrorResponse, 403: ZErrorResponse } },
    },
    async () => ({ problems: await service.validateRegionTree(db) }),
  );

  app.post(
    '/api/admin/regions',
    {
      preHandler: requireRole('admin'),
      schema: { tags: ['network'], summary: '新增乡镇/村（社区）区划', body: ZCreateRegionRequest, response: { 200: ZRegion, ...errors } },
    },
    async (request) => service.createRegion(db, requireActor(request), request.body),
  );

  app.get(
    '/api/centres',
    {
      schema: {
        tags: ['network'],
        summary: '服务网点 (centres at every level, open ones)',
        querystring: z.object({ region: ZCode.optional(), kind: z.enum(['centre', 'branch', 'town_centre', 'village_station', 'agency_point']).optional() }),
        response: { 200: ZCentreList, 400: ZErrorResponse },
      },
    },
    async (request) => ({ centres: await service.listCentres(db, { ...request.query, activeOnly: true }) }),
  );

  app.get(
    '/api/centres/:id',
    {
      schema: { tags: ['network'], summary: '网点详情 (windows, departments, items; 四公开 for a village point)', params: ZId, response: { 200: ZCentreDetail, 400: ZErrorResponse, 404: ZErrorResponse } },
    },
    async (request) => service.centreDetail(db, request.params.id),
  );

  app.get(
    '/api/admin/centres',
    {
      preHandler: requireRole('admin'),
      schema: { tags: ['network'], summary: '本级及下级网点 (admin, closed ones too)', response: { 200: ZCentreList, 401: ZErrorResponse, 403: ZErrorResponse } },
    },
    async (request) => ({ centres: await service.listManagedCentres(db, requireActor(request)) }),
  );

  app.post(
    '/api/admin/centres',
    { preHandler: requireRole('admin'), schema: { tags: ['network'], summary: '设立网点', body: ZCentreContent, response: { 200: ZCentre, ...errors } } },
    async (request) => service.createCentre(db, requireActor(request), request.body),
  );

  app.patch(
    '/api/admin/centres/:id',
    { preHandler: requireRole('admin'), schema: { tags: ['network'], summary: '修改/关闭网点', params: ZId, body: ZUpdateCentreRequest, response: { 200: ZCentre, ...errors } } },
    async (request) => service.updateCentre(db, requireActor(request), request.params.id, request.body),
  );

  app.put(
    '/api/admin/items/:id/levels',
    {
      preHandler: requireRole('admin'),
      schema: { tags: ['network'], summary: '事项各层级办理方式 (全程办/收件转报/代办) 与指导目录', params: ZId, body: ZLevelModes, response: { 200: z.object({ ok: z.literal(true) }), ...errors } },
    },
    async (request) => {
      await service.setLevelModes(db, requireActor(request), request.params.id, request.body);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/items/:id/levels',
    { schema: { tags: ['network'], summary: '事项各层级办理方式', params: ZId, response: { 200: ZLevelModes, 400: ZErrorResponse } } },
    async (request) => ({ modes: await repo.levelModes(db, request.params.id) }),
  );

  app.put(
    '/api/admin/centres/:id/items/:itemId',
    {
      preHandler: requireRole('admin'),
      schema: {
        tags: ['network'],
        summary: '网点开办/撤下事项 (mode null withdraws)',
        params: z.object({ id: ZIdValue, itemId: ZIdValue }),
        body: z.object({ mode: ZOfferMode.nullable() }),
        response: { 200: z.object({ ok: z.literal(true) }), ...errors },
      },
    },
    async (request) => {
      await service.setCentreItem(db, requireActor(request), request.params.id, request.params.itemId, request.body.mode);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/guiding-list',
    { schema: { tags: ['network'], summary: '基层便民服务事项指导性目录 (towns and villages)', response: { 200: z.object({ items: z.array(ZGuidingEntry) }) } } },
    async () => ({
      items: (await repo.guidingList(db)).map((r) => ({ itemId: r.item_id, name: r.name, departmentName: r.department_name, level: r.level as 'town' | 'village', mode: r.mode })),
    }),
  );

  app.get(
    '/api/network/compliance',
    {
      preHandler: requireRole('admin', 'supervisor'),
      schema: { tags: ['network'], summary: '应进必进 compliance: guiding items each town/village does not offer yet', response: { 200: ZCompliance, 401: ZErrorResponse, 403: ZErrorResponse } },
    },
    async (request) => {
      const actor = requireActor(request);
      let prefix: string;
      if (actor.role === 'admin') prefix = await service.adminPrefix(db, actor);
      else if (actor.regionCode) prefix = regionPrefix(actor.regionCode);
      else throw forbidden();
      return { centres: await service.complianceReport(db, prefix) };
    },
  );
};
