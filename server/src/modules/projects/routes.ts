import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor, requireLogin, requireRole } from '../../http/auth.js';
import { ZErrorResponse } from '../../http/error-schema.js';
import { getJointDetail } from '../joint/view.js';
import { ZJointApplication } from '../joint/schema.js';
import { stageFigures } from './circular.js';
import * as repo from './repo.js';
import { createJointReview, getMeeting, holdJointMeeting, listJointReviews, signJointReview } from './records.js';
import {
  ZJointReviewList,
  ZJointReviewOne,
  ZJointReviewRequest,
  ZMeetingOne,
  ZMeetingRequest,
  ZOpenStageRequest,
  ZProjectIdParams,
  ZProjectList,
  ZProjectOne,
  ZProjectView,
  ZRegisterProjectRequest,
  ZSignOpinionRequest,
  ZStageFigures,
} from './schema.js';
import { getProject, openStage, projectBoard, registerProject } from './service.js';
import { queryInt } from '../../http/params.js';

const errors = { 400: ZErrorResponse, 401: ZErrorResponse, 403: ZErrorResponse, 404: ZErrorResponse, 409: ZErrorResponse };

/** 工程建设项目: registry, four stages as joint applications, board, joint records, meetings, circular figures. */
export const projectRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  const tags = ['projects'];

  app.get(
    '/api/projects',
    { preHandler: requireLogin, schema: { tags, summary: '项目看板：阶段 × 部门，按时钟着色 (scoped by role)', response: { 200: ZProjectList, ...errors } } },
    async (request) => ({ projects: await projectBoard(db, requireActor(request)) }),
  );

  app.post(
    '/api/projects',
    { preHandler: requireRole('clerk', 'admin'), schema: { tags, summary: '项目登记与赋码 (clerk, admin)', body: ZRegisterProjectRequest, response: { 201: ZProjectOne, ...errors } } },
    async (request, reply) => {
      const actor = requireActor(request);
      const project = await registerProject({ db, actor, request: request.body });
      reply.status(201);
      return { project: await getProject(db, actor, project.id) };
    },
  );

  app.get(
    '/api/projects/:id',
    { preHandler: requireLogin, schema: { tags, summary: '项目详情：四阶段阶段图', params: ZProjectIdParams, response: { 200: ZProjectView, ...errors } } },
    async (request) => {
      const actor = requireActor(request);
      return { project: await getProject(db, actor, request.params.id), reviews: await listJointReviews(db, actor, request.params.id) };
    },
  );

  app.post(
    '/api/projects/:id/stages/:stageNo',
    {
      preHandler: requireRole('applicant', 'agent'),
      schema: { tags, summary: '阶段申报（一表通；容缺时附承诺）', params: ZProjectIdParams.extend({ stageNo: queryInt(1, 4) }), body: ZOpenStageRequest, response: { 201: ZJointApplication, ...errors } },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const joint = await openStage({ db, actor, projectId: request.params.id, stageNo: request.params.stageNo, ...request.body });
      reply.status(201);
      return { application: await getJointDetail(db, actor, joint.id) };
    },
  );

  app.post(
    '/api/projects/:id/joint-reviews',
    { preHandler: requireRole('clerk', 'admin'), schema: { tags, summary: '组织联合图审 / 联合验收', params: ZProjectIdParams, body: ZJointReviewRequest, response: { 201: ZJointReviewOne, ...errors } } },
    async (request, reply) => {
      const review = await createJointReview({ db, actor: requireActor(request), projectId: request.params.id, request: request.body });
      reply.status(201);
      return { review };
    },
  );

  app.post(
    '/api/joint-reviews/:id/sign',
    { preHandler: requireRole('reviewer'), schema: { tags, summary: '部门签署联合图审 / 验收意见', params: ZProjectIdParams, body: ZSignOpinionRequest, response: { 200: ZJointReviewList, ...errors } } },
    async (request) => {
      const actor = requireActor(request);
      const projectId = await signJointReview({ db, actor, reviewId: request.params.id, ...request.body });
      return { reviews: await listJointReviews(db, actor, projectId) };
    },
  );

  app.get(
    '/api/joint-reviews',
    { preHandler: requireRole('reviewer'), schema: { tags, summary: '本部门参加的联合图审 / 验收', response: { 200: ZJointReviewList, ...errors } } },
    async (request) => {
      const actor = requireActor(request);
      const projectIds = await repo.projectsReviewedBy(db, actor.departmentId ?? -1);
      const reviews = (await Promise.all(projectIds.map((p) => listJointReviews(db, actor, p.project_id)))).flat();
      return { reviews };
    },
  );

  app.post(
    '/api/joint-meetings',
    { preHandler: requireRole('clerk', 'admin'), schema: { tags, summary: '联审会议：记录并一次决定多个子办件', body: ZMeetingRequest, response: { 201: ZMeetingOne, ...errors } } },
    async (request, reply) => {
      const meeting = await holdJointMeeting({ db, actor: requireActor(request), request: request.body });
      reply.status(201);
      return { meeting };
    },
  );

  app.get(
    '/api/joint-meetings/:id',
    { preHandler: requireLogin, schema: { tags, summary: '联审会议纪要与决定', params: ZProjectIdParams, response: { 200: ZMeetingOne, ...errors } } },
    async (request) => ({ meeting: await getMeeting(db, requireActor(request), request.params.id) }),
  );

  app.get(
    '/api/supervision/circular/stages',
    {
      preHandler: requireRole('supervisor', 'admin'),
      schema: { tags, summary: '月度通报：工程建设项目各阶段、各部门用时与联办件按时办结', querystring: z.object({ month: z.string() }), response: { 200: ZStageFigures, ...errors } },
    },
    async (request) => stageFigures(db, requireActor(request), request.query.month),
  );
};
