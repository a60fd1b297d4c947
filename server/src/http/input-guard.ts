import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { AppError } from './errors.js';
import { fieldLabel } from './field-labels.js';

/** Deeper than any form, draft or request the platform has; a 5,000-level draft is an attack, not data. */
export const MAX_INPUT_DEPTH = 32;

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export interface UnsafeInput {
  field: string;
  message: string;
}

/**
 * The first part of a request value that PostgreSQL cannot store or that would exhaust a
 * recursive reader: a NUL character (text and jsonb refuse it), a lone UTF-16 surrogate (not
 * Unicode), or nesting deeper than MAX_INPUT_DEPTH. Walks with its own stack, so depth costs none.
 */
export function findUnsafeInput(value: unknown, root: string): UnsafeInput | null {
  const stack: Array<{ value: unknown; field: string; depth: number }> = [{ value, field: root, depth: 0 }];
  while (stack.length) {
    const { value: v, field, depth } = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return { field, message: '不能包含空字符 (U+0000)' };
      if (LONE_SURROGATE.test(v)) return { field, message: '含有无效的 Unicode 字符' };
      continue;
    }
    if (v === null || typeof v !== 'object' || Buffer.isBuffer(v)) continue;
    if (depth >= MAX_INPUT_DEPTH) return { field, message: `嵌套层级不得超过 ${MAX_INPUT_DEPTH} 层` };
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], field: `${field}.${i}`, depth: depth + 1 });
      continue;
    }
    for (const [key, item] of Object.entries(v)) {
      if (key.includes('\u0000') || LONE_SURROGATE.test(key)) return { field: `${field}.${key.replace(/\u0000/g, '\\0')}`, message: '字段名含有无效字符' };
      stack.push({ value: item, field: `${field}.${key}`, depth: depth + 1 });
    }
  }
  return null;
}

/**
 * Refuses a request whose path, query or JSON body holds what findUnsafeInput finds. A callback
 * hook (an error thrown here reaches Fastify's error handler all the same): it runs on every
 * request, and an async one would cost each a promise and a turn of the microtask queue.
 */
function inputGuard(request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
  for (const [name, value] of [
    ['params', request.params],
    ['query', request.query],
    ['body', request.body],
  ] as const) {
    const unsafe = findUnsafeInput(value, name);
    if (!unsafe) continue;
    const label = fieldLabel(unsafe.field);
    throw new AppError('VALIDATION_FAILED', `${label}：${unsafe.message}`, [{ ...unsafe, label }]);
  }
  done();
}

const ROUTES = new WeakMap<FastifyInstance, Array<{ method: string; url: string }>>();

/**
 * Puts the guard on every route, declared by any module, at preValidation: after the
 * authentication guards (a caller without the right hears 401/403 first, see http/auth.ts) and
 * before the route's zod schema, which would otherwise pass a NUL on to PostgreSQL (a 500) or
 * recurse through a 5,000-level body. Routes without a schema (uploads, downloads) are covered too.
 */
export function registerInputGuard(app: FastifyInstance): void {
  const table: Array<{ method: string; url: string }> = [];
  ROUTES.set(app, table);
  app.addHook('onRoute', (route) => {
    const before = route.preValidation === undefined ? [] : Array.isArray(route.preValidation) ? route.preValidation : [route.preValidation];
    route.preValidation = [...before, inputGuard];
    for (const method of Array.isArray(route.method) ? route.method : [route.method]) table.push({ method, url: route.url });
  });
}

/** Every route the guard was put on, as registered (tests walk it to prove no route escapes). */
export function guardedRoutes(app: FastifyInstance): ReadonlyArray<{ method: string; url: string }> {
  return ROUTES.get(app) ?? [];
}
