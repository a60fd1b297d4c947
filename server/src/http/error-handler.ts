import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
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
    } else if (sqlState(error) && appError.code === 'VALIDATION_FAILED') {
      request.log.warn({ code: appError.code, sqlState: sqlState(error), route: request.routeOptions.url }, 'the database refused a value the schema let through');
    } else if (appError.code === 'UNAVAILABLE') {
      request.log.warn({ code: appError.code, reason: error.message }, appError.message);
    } else if (appError.code !== 'VALIDATION_FAILED') {
      request.log.info({ code: appError.code }, appError.message);
    }
    const body = errorBody(appError);
    // Details built by services (form checks, imports) get the field's Chinese name here too.
    if (body.error.details) body.error.details = body.error.details.map((d) => (d.label || !/^(body|query|params|headers)\b/.test(d.field) ? d : { ...d, label: fieldLabel(d.field) }));
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

/** The one JSON error body. */
function errorBody(error: AppError): { error: { code: string; message: string; details?: ErrorDetail[] } } {
  return { error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) } };
}

/**
 * Fastify's `frameworkErrors`: what the router refuses before any route or hook runs (an address
 * whose percent-encoding is not UTF-8, a path parameter over the router's length limit).
 */
export function frameworkErrorHandler(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const appError =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? new AppError('URI_TOO_LONG', '请求地址过长')
      : error.code === 'FST_ERR_BAD_URL'
        ? new AppError('MALFORMED_REQUEST', '请求地址的编码不正确')
        : new AppError('MALFORMED_REQUEST', '请求格式不正确');
  void reply.status(appError.status).send(errorBody(appError));
}

/** Longest request line Node's parser reads (its header limit is 16 KiB; the line counts against it). */
const REQUEST_LINE_LIMIT = 8 * 1024;

/**
 * Fastify's `clientErrorHandler`: what Node's HTTP parser refuses before Fastify sees a request
 * (a request line that is not HTTP, headers or an address over the size limit, a client too slow
 * to send its headers). Answered in the one error shape, then the connection is closed, as Node does.
 */
export function clientErrorHandler(error: Error & { code?: string; rawPacket?: unknown }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  let appError: AppError;
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT' || error.code === 'ERR_HTTP_HEADERS_TIMEOUT') {
    appError = new AppError('REQUEST_TIMEOUT', '请求发送超时');
  } else if (error.code === 'HPE_HEADER_OVERFLOW') {
    // A long address fills the parser's buffer before the first line ends: that is a 414, not a 431.
    const raw = Buffer.isBuffer(error.rawPacket) ? error.rawPacket : undefined;
    const lineEnd = raw ? raw.indexOf('\r\n') : -1;
    appError =
      raw && (lineEnd === -1 || lineEnd > REQUEST_LINE_LIMIT)
        ? new AppError('URI_TOO_LONG', '请求地址过长')
        : new AppError('HEADERS_TOO_LARGE', '请求头过大');
  } else {
    appError = new AppError('MALFORMED_REQUEST', '请求格式不正确');
  }
  if (socket.writable) {
    const body = JSON.stringify(errorBody(appError));
    socket.write(
      `HTTP/1.1 ${appError.status} ${STATUS_TEXT[appError.status] ?? 'Bad Request'}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 414: 'URI Too Long', 431: 'Request Header Fields Too Large' };

/**
 * SQLSTATEs that mean the database refused a value the client sent (out of range, not
 * representable, too complex): the client's mistake, answered 400. Each one reaching here is also
 * a schema that should have refused the value first, so it is logged as a warning.
 */
const REFUSED_VALUE_STATES = new Set([
  '22001', // string_data_right_truncation
  '22003', // numeric_value_out_of_range (an id beyond int4)
  '22007', // invalid_datetime_format
  '22008', // datetime_field_overflow
  '2200H', // sequence_generator_limit_exceeded
  '22021', // character_not_in_repertoire (NUL)
  '22P02', // invalid_text_representation
  '22P05', // untranslatable_character
  '2201B', // invalid_regular_expression
  '54001', // statement_too_complex
]);

function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown }).code;
  // node-postgres errors carry the five-character SQLSTATE and the server's severity.
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && 'severity' in (error as object) ? code : undefined;
}

/** Messages of the multipart parser (busboy) for a body that is not the multipart it claims to be. */
const MALFORMED_MULTIPART = [/^Multipart: /, /^Boundary required$/, /multipart data/, /^The needle /];

function toAppError(error: FastifyError): AppError {
  if (error instanceof AppError) return error;
  if (isDatabaseUnavailable(error)) return new AppError('UNAVAILABLE', '数据库暂时不可用，请稍后再试');
  const state = sqlState(error);
  if (state && REFUSED_VALUE_STATES.has(state)) return new AppError('VALIDATION_FAILED', '提交的某个值超出允许的范围或格式');
  // Two writers raced to create the same thing: the loser hears what a uniqueness rule says.
  if (state === '23505') return new AppError('CONFLICT', '该记录已存在或正被他人修改，请刷新后重试');
  if (state === '40001' || state === '40P01') return new AppError('CONFLICT', '与他人的操作冲突，请重试');
  if (typeof error.message === 'string' && !error.statusCode && MALFORMED_MULTIPART.some((m) => m.test(error.message))) {
    return new AppError('MALFORMED_REQUEST', 'multipart 请求格式不正确（缺少 boundary 或内容不完整）');
  }
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
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
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
