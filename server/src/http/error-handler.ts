import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { isDatabaseUnavailable } from '../db/unavailable.js';
import { AppError, type ErrorDetail } from './errors.js';
import { fieldLabel } from './field-labels.js';
import { installPlainMessages } from './zod-messages.js';

/** Seconds a client should wait before retrying while the database is away (it restarts within ~30 s). */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/** Maps every failure to the one JSON error shape; nothing internal (stack, SQL) reaches the client. */
export function registerErrorHandling(app: FastifyInstance): void {
  installPlainMessages();
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const appError = toAppError(error);
    if (appError.code === 'INTERNAL') {
      request.log.error({ err: error }, 'unhandled error');
    } else if (appError.code === 'UNAVAILABLE') {
      request.log.warn({ code: appError.code, reason: error.message }, appError.message);
    } else if (appError.code !== 'VALIDATION_FAILED') {
      request.log.info({ code: appError.code }, appError.message);
    }
    const body: { error: { code: string; message: string; details?: ErrorDetail[] } } = {
      error: { code: appError.code, message: appError.message },
    };
    // Details built by services (form checks, imports) get the field's Chinese name here too.
    if (appError.details) body.error.details = appError.details.map((d) => (d.label || !/^(body|query|params|headers)\b/.test(d.field) ? d : { ...d, label: fieldLabel(d.field) }));
    const headers = (error as { headers?: Record<string, string> }).headers;
    if (appError.code === 'RATE_LIMITED' && headers?.['retry-after']) {
      reply.header('retry-after', headers['retry-after']);
    }
    if (appError.code === 'UNAVAILABLE') reply.header('retry-after', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
    return reply.status(appError.status).send(body);
  });

  app.setNotFoundHandler((request, reply) => {
    const error = new AppError('NOT_FOUND', `没有这个接口：${request.method} ${request.url.split('?')[0]}`);
    return reply.status(404).send({ error: { code: error.code, message: error.message } });
  });
}

function toAppError(error: FastifyError): AppError {
  if (error instanceof AppError) return error;
  if (isDatabaseUnavailable(error)) return new AppError('UNAVAILABLE', '数据库暂时不可用，请稍后再试');
  if (hasZodFastifySchemaValidationErrors(error)) {
    // Fields are named as a client writes them: body.x, query.x, params.x, headers.x.
    const context = error.validationContext === 'querystring' ? 'query' : (error.validationContext ?? 'body');
    const details = error.validation.map((issue) => {
      const path = issue.instancePath.replace(/^\//, '').replace(/\//g, '.');
      const field = path ? `${context}.${path}` : context;
      return { field, label: fieldLabel(field), message: issue.message ?? '格式不正确' };
    });
    // A person reads the message (toasts show it as it is): every field by its Chinese name.
    const message = details.map((d) => `${d.label}：${d.message}`).filter((m, i, all) => all.indexOf(m) === i).slice(0, 3).join('；');
    return new AppError('VALIDATION_FAILED', message || '填写的内容有误，请检查', details);
  }
  if (isResponseSerializationError(error)) return new AppError('INTERNAL', '服务器内部错误');
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('MALFORMED_REQUEST', '请求体不是有效的 JSON');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('UNSUPPORTED_MEDIA_TYPE', '不支持的请求内容类型');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('PAYLOAD_TOO_LARGE', '请求体过大');
  }
  if (error.statusCode === 429) return new AppError('RATE_LIMITED', '请求过于频繁，请稍后再试');
  if (error.statusCode === 413) return new AppError('PAYLOAD_TOO_LARGE', '请求体过大');
  if (error.statusCode === 415) return new AppError('UNSUPPORTED_MEDIA_TYPE', '不支持的请求内容类型');
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return new AppError('MALFORMED_REQUEST', '请求格式不正确');
  }
  return new AppError('INTERNAL', '服务器内部错误');
}
