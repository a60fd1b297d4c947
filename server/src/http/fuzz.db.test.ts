import SwaggerParser from '@apidevtools/swagger-parser';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/app.js';
import { loginCookie, makeWorld, toActorOf } from '../test/factories.js';
import * as cases from '../modules/cases/service.js';
import { ERROR_STATUS } from './errors.js';

/**
 * Every operation of the OpenAPI document, called with generated requests (path parameters,
 * query strings and bodies shaped by the operation's own schema, with hostile values mixed in),
 * anonymously and as each role. No answer may be a 5xx; every failure has the documented shape
 * and a documented code; no answer carries a stack trace, a file path or a full ID number or
 * phone. ONEWINDOW_FUZZ_RUNS sets the number of requests (2,000 in `npm test`; docs/probes.md
 * records the long runs), ONEWINDOW_FUZZ_SEED replays one.
 */
const RUNS = Number(process.env.ONEWINDOW_FUZZ_RUNS ?? 2000);
const SEED = process.env.ONEWINDOW_FUZZ_SEED ? Number(process.env.ONEWINDOW_FUZZ_SEED) : undefined;

type Schema = { [key: string]: unknown };
interface Operation {
  method: string;
  path: string;
  parameters: Array<{ name: string; in: string; required?: boolean; schema?: Schema }>;
  body?: Schema;
}
interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, Schema>>;
  components?: { schemas?: Record<string, Schema> };
}

let t: TestApp;
let document: OpenApiDocument;
let operations: Operation[];
const cookies: Record<string, string> = {};
let caseId: string;
/** Full personal data of the test world: never in an answer (only masked). */
let secrets: string[];

beforeAll(async () => {
  t = await createTestApp({ progressRateLimit: 1_000_000, loginRateLimit: 1_000_000 });
  const w = await makeWorld(t.db);
  ({ caseId } = await cases.submitApplication({ db: t.db, actor: toActorOf(w.applicant), itemId: w.itemA.id, formData: { name: '模糊测试', phone: '13800138000' } }));
  const users = { applicant: w.applicant, clerk: w.clerk, reviewer: w.reviewerA, admin: w.admin, supervisor: w.supervisor, head: w.headA };
  for (const [role, user] of Object.entries(users)) cookies[role] = await loginCookie(t.app, user.username);
  secrets = Object.values(users).flatMap((u) => [u.identity_number, u.phone]).filter((v): v is string => !!v);
  document = (await t.app.inject('/api/openapi.json')).json();
  operations = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      // Server-sent event streams stay open by design; their limits have their own tests.
      if (path.endsWith('/events')) continue;
      const content = (op.requestBody as { content?: Record<string, { schema?: Schema }> } | undefined)?.content;
      operations.push({ method: method.toUpperCase(), path, parameters: (op.parameters as Operation['parameters']) ?? [], body: content?.['application/json']?.schema });
    }
  }
}, 120_000);
afterAll(() => t.destroy());

describe('the OpenAPI document', () => {
  it('is valid OpenAPI, and every $ref resolves to a component schema', async () => {
    const refs = new Set<string>();
    JSON.stringify(document, (key, value) => {
      if (key === '$ref' && typeof value === 'string') refs.add(value);
      return value;
    });
    const schemas = Object.keys(document.components?.schemas ?? {});
    expect(refs.size).toBeGreaterThan(50);
    expect(schemas).toEqual(expect.arrayContaining(['ErrorResponse', 'BigScreen', 'HolidaySchedule']));
    expect([...refs].filter((ref) => !schemas.includes(ref.replace('#/components/schemas/', '')))).toEqual([]);
    // The validator checks the document against the OpenAPI schema and resolves every reference,
    // throwing at the first problem. It works on a copy: it rewrites what it is given.
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeTruthy();
  });
});

const hostileStrings = [
  '', ' ', '0', '-1', '1', '2', '0x2', '+2', '2.0', '002', '1e3', '2147483648', '99999999999999999999999', 'NaN',
  'null', 'true', '[]', '{}', 'a\u0000b', '\u0000', '\ud800', '%', '%00', '%E0%A4', '../../etc/passwd', "' OR 1=1 --",
  '<script>alert(1)</script>', '\u202Eexe.pdf', 'x'.repeat(5000), '２０２６-０１-０１', '2026-13-45', '2026-02-30', '9999-12-31',
  '0000-00-00', '-infinity', '1970-01-01T00:00:00Z', '110101199001011234', '13800138000', '00000000-0000-0000-0000-000000000000',
];
const hostileString = fc.oneof(fc.constantFrom(...hostileStrings), fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 20 }));
const hostileNumber = fc.oneof(
  fc.integer(),
  fc.constantFrom(0, -1, 2147483647, 2147483648, -2147483649, Number.MAX_SAFE_INTEGER, 1e308, -1e308, 0.5, 1.5),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
/** Bodies travel as JSON text: a 5,000-level object would overflow fast-check's own printer of a failing case. */
const deeplyNested = fc.integer({ min: 40, max: 5000 }).map((depth) => `${'{"a":'.repeat(depth)}"x"${'}'.repeat(depth)}`);

function resolve(schema: Schema | undefined): Schema | undefined {
  const ref = schema?.$ref;
  if (typeof ref !== 'string') return schema;
  return document.components?.schemas?.[ref.replace('#/components/schemas/', '')];
}

/** Values shaped like the schema four times in five, hostile the rest. */
function valueFor(input: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  const schema = resolve(input) ?? {};
  const variants = (schema.anyOf ?? schema.oneOf ?? schema.allOf) as Schema[] | undefined;
  if (variants?.length) return fc.oneof(...variants.map((v) => valueFor(v, depth)));
  const hostile = fc.oneof(hostileString, hostileNumber, fc.constant(null), fc.boolean(), depth < 2 ? fc.jsonValue({ maxDepth: 2 }) : fc.constant([]));
  let shaped: fc.Arbitrary<unknown>;
  if (Array.isArray(schema.enum)) shaped = fc.constantFrom(...(schema.enum as unknown[]));
  else if (schema.const !== undefined) shaped = fc.constant(schema.const);
  else if (schema.type === 'string') {
    if (schema.format === 'date') shaped = fc.date({ min: new Date('1990-01-01'), max: new Date('2040-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    else if (schema.format === 'date-time') shaped = fc.date({ min: new Date('1990-01-01'), max: new Date('2040-12-31'), noInvalidDate: true }).map((d) => d.toISOString());
    else if (schema.format === 'uuid') shaped = fc.oneof(fc.uuid(), fc.constant(caseId));
    else if (typeof schema.pattern === 'string' && schema.pattern.startsWith('^(0|[1-9]')) shaped = fc.integer({ min: 0, max: 40 }).map(String);
    else {
      const minLength = (schema.minLength as number | undefined) ?? 0;
      shaped = fc.string({ minLength, maxLength: Math.min((schema.maxLength as number | undefined) ?? minLength + 30, minLength + 60) });
    }
  } else if (schema.type === 'integer') shaped = fc.integer({ min: -2, max: 40 });
  else if (schema.type === 'number') shaped = fc.double({ min: -10, max: 1000, noNaN: true });
  else if (schema.type === 'boolean') shaped = fc.boolean();
  else if (schema.type === 'array') shaped = depth > 4 ? fc.constant([]) : fc.array(valueFor(schema.items as Schema, depth + 1), { maxLength: 3 });
  else if (schema.type === 'object' || schema.properties) {
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    shaped = depth > 4 ? fc.constant({}) : fc.record(Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, valueFor(v, depth + 1)])), { requiredKeys: [] });
  } else shaped = fc.jsonValue({ maxDepth: 2 });
  return fc.oneof({ arbitrary: shaped, weight: 4 }, { arbitrary: hostile, weight: 1 });
}

/** A path or query value: an id that exists, one shaped by the schema, or a hostile one. */
function paramValue(schema: Schema | undefined): fc.Arbitrary<string> {
  const s = resolve(schema) ?? {};
  const known = s.format === 'uuid' ? fc.constantFrom(caseId, '00000000-0000-4000-8000-000000000000') : fc.constantFrom('1', '2', '3');
  const shaped = valueFor(s).map((v) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? '')));
  return fc.oneof(known, shaped, hostileString);
}

const ROLES = ['anonymous', 'applicant', 'clerk', 'reviewer', 'admin', 'supervisor', 'head'] as const;

const requestFor = (op: Operation) =>
  fc.record({
    as: fc.constantFrom(...ROLES),
    path: fc.record(Object.fromEntries(op.parameters.filter((p) => p.in === 'path').map((p) => [p.name, paramValue(p.schema)]))),
    query: fc.record(Object.fromEntries(op.parameters.filter((p) => p.in === 'query').map((p) => [p.name, paramValue(p.schema)])), { requiredKeys: [] }),
    body: op.body
      ? fc.oneof(
          { arbitrary: valueFor(op.body).map((v) => JSON.stringify(v) ?? 'null'), weight: 6 },
          { arbitrary: deeplyNested, weight: 1 },
          { arbitrary: hostileString.map((v) => JSON.stringify(v)), weight: 1 },
        )
      : fc.constant(undefined),
  });

/** Percent-encodes a path part; a lone surrogate (which encodeURIComponent refuses) goes as the bytes a hostile client would send. */
const encodePathPart = (value: string) =>
  value.replace(/[\ud800-\udbff][\udc00-\udfff]|[\ud800-\udfff]|[^]/g, (c) => (c.length === 1 && /[\ud800-\udfff]/.test(c) ? '%ED%A0%80' : encodeURIComponent(c)));

const STACK_TRACE = /\bat [\w$.<>]+ \(|node_modules|\/src\/[\w/.-]+\.[jt]s|\.ts:\d+|Error: .*\n\s+at /;
/** Ending the shared sessions would leave the rest of the run anonymous: those operations run without a cookie. */
const SESSION_ENDING = /logout|password|sessions/;

describe('fuzzing every operation of the OpenAPI document', () => {
  it(`answers ${RUNS} generated requests without a 5xx, in the documented error shape, with no stack traces or personal data`, async () => {
    expect(operations.length).toBeGreaterThan(300);
    const statuses = new Map<number, number>();
    const touched = new Set<string>();
    const started = Date.now();
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: operations.length - 1 }).chain((i) => fc.tuple(fc.constant(operations[i]!), requestFor(operations[i]!))),
        async ([op, request]) => {
          let url = op.path.replace(/\{(\w+)\}/g, (_, name: string) => encodePathPart(String(request.path[name] ?? '')));
          const query = new URLSearchParams(Object.entries(request.query).map(([k, v]) => [k, String(v)])).toString();
          if (query) url += `?${query}`;
          const cookie = request.as === 'anonymous' || SESSION_ENDING.test(op.path) ? undefined : cookies[request.as];
          const response = await t.app.inject({
            method: op.method as 'GET',
            url,
            headers: { ...(cookie ? { cookie } : {}), ...(request.body !== undefined ? { 'content-type': 'application/json' } : {}) },
            ...(request.body !== undefined ? { payload: request.body } : {}),
          });
          statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
          touched.add(`${op.method} ${op.path}`);
          const where = `${op.method} ${url.slice(0, 200)} as ${request.as} → ${response.statusCode} ${response.body.slice(0, 300)}`;
          expect(response.statusCode, where).toBeLessThan(500);
          const type = String(response.headers['content-type'] ?? '');
          if (/json|text/.test(type)) {
            expect(STACK_TRACE.test(response.body), where).toBe(false);
            // The audited full view (/personal-data, with a reason) is the one place a full number may appear.
            if (!op.path.endsWith('/personal-data')) expect(secrets.filter((s) => response.body.includes(s)), where).toEqual([]);
          }
          if (response.statusCode >= 400) {
            const body = response.json();
            expect(body, where).toEqual({ error: expect.objectContaining({ code: expect.any(String), message: expect.any(String) }) });
            expect(ERROR_STATUS[body.error.code as keyof typeof ERROR_STATUS], where).toBe(response.statusCode);
          }
        },
      ),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    // One line for docs/probes.md: what ran and how it answered.
    console.log(`fuzz: ${RUNS} requests over ${touched.size} of ${operations.length} operations in ${seconds} s; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`);
    expect(statuses.get(200) ?? 0).toBeGreaterThan(0);
  }, 900_000);
});
