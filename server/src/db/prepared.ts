import crypto from 'node:crypto';
import { CompiledQuery, type Compilable } from 'kysely';
import type pg from 'pg';
import type { Executor } from './database.js';

/**
 * Named (server-side prepared) statements for the few queries every request runs: the session
 * lookup, the progress lookup, the submission's statement and the case detail it answers with.
 *
 * Why: PostgreSQL plans an unnamed statement on every execution, and for these joins planning
 * costs 4–20× the execution (measured with pg_stat_statements: 3.0 ms to plan the case detail
 * against 0.6 ms to run it, 0.8 ms against 0.13 ms for a progress lookup). A named statement is
 * parsed once per connection and, after five executions, runs a cached generic plan.
 *
 * Opt-in, not every statement: a generic plan ignores the parameters' values, which is right for
 * lookups by a key but can be wrong for a dashboard filtering by a date range or a status, and
 * every name costs memory in each server connection. The registry is capped for the same reason.
 */
const names = new Map<string, string>();
/** Far above the hot statements and their variants (one per role's visibility rule, per optional column). */
const MAX_NAMES = 200;
/**
 * Bumped when PostgreSQL refuses a cached statement because a table it reads changed shape
 * (a migration added a column while this process ran): every statement gets a fresh name, so
 * the next execution parses anew instead of failing forever on the stale one.
 */
let generation = 0;

/** Compiles `query` and marks its SQL text to run as a named statement; execute it with `runPrepared`. */
export function prepared<R>(label: string, query: Compilable<R>): CompiledQuery<R> {
  const compiled = query.compile();
  if (!names.has(compiled.sql) && names.size < MAX_NAMES) {
    const digest = crypto.createHash('sha1').update(compiled.sql).digest('hex').slice(0, 12);
    names.set(compiled.sql, `ow_${label}_${digest}`);
  }
  return compiled;
}

/** Whether this SQL text runs as a named statement (a lookup by a key; see RoutedPool in database.ts). */
export function isNamedStatement(text: string): boolean {
  return names.has(text);
}

/** Runs a query as a named statement (see `prepared`); answers its rows. */
export async function runPrepared<R>(db: Executor, label: string, query: Compilable<R>): Promise<R[]> {
  return (await db.executeQuery(prepared(label, query))).rows;
}

/** Stands for an argument while a fixed query is compiled (see `fixedQuery`, `shapedQuery`). */
class Slot {
  constructor(readonly key: number | string) {}
}

/** Compiles `query` built from slots, checking that every slot became a parameter. */
function template<R>(label: string, query: Compilable<R>, slots: number): CompiledQuery<R> {
  const compiled = prepared(label, query);
  const used = new Set(compiled.parameters.filter((p): p is Slot => p instanceof Slot).map((p) => p.key));
  if (used.size !== slots) throw new Error(`${label}: an argument shaped the query instead of filling a parameter`);
  return compiled;
}

/**
 * A named statement whose SQL does not depend on its arguments' values, built and compiled with
 * Kysely once per process; each call only puts its arguments in the parameters' places. Building
 * and compiling cost more Node CPU per request than the round trip itself on the session and
 * progress lookups. `build` must use each argument as a value only (a `where`, a `sql` parameter),
 * never to choose the query's shape; the first call checks that every argument became a parameter.
 */
export function fixedQuery<A extends unknown[], R>(label: string, build: (db: Executor, ...args: A) => Compilable<R>) {
  let compiled: CompiledQuery<R> | undefined;
  return async (db: Executor, ...args: A): Promise<R[]> => {
    compiled ??= template(label, build(db, ...(args.map((_, i) => new Slot(i)) as A)), args.length);
    const parameters = compiled.parameters.map((p) => (p instanceof Slot ? args[p.key as number] : p));
    return (await db.executeQuery(CompiledQuery.raw(compiled.sql, parameters))).rows as R[];
  };
}

/**
 * `fixedQuery` for a statement with a few shapes (an optional clause, optional columns), its
 * arguments named: one template per set of names given, each built and compiled once. `build`
 * may look at which names it is given (that is the shape) but must use their values as values only.
 * The submission's statement costs 0.33 ms of Node CPU to build and compile, a tenth of a submission.
 */
export function shapedQuery<P extends Record<string, unknown>, R>(label: string, build: (db: Executor, args: P) => Compilable<R>) {
  const templates = new Map<string, CompiledQuery<R>>();
  return async (db: Executor, args: P): Promise<R[]> => {
    const names = Object.keys(args);
    const shape = names.join(',');
    let compiled = templates.get(shape);
    if (!compiled) {
      compiled = template(label, build(db, Object.fromEntries(names.map((name) => [name, new Slot(name)])) as P), names.length);
      // Shapes are few by construction; a cap keeps a mistake from growing the map without end.
      if (templates.size < MAX_NAMES) templates.set(shape, compiled);
    }
    const parameters = compiled.parameters.map((p) => (p instanceof Slot ? args[p.key as string] : p));
    return (await db.executeQuery(CompiledQuery.raw(compiled.sql, parameters))).rows as R[];
  };
}

/**
 * Makes a pool client send marked SQL texts as named statements. Kysely hands node-postgres the
 * text and the parameters; the name is added here, underneath it.
 */
export function nameMarkedStatements(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = (config: unknown, values?: unknown, callback?: unknown) => {
    const name = typeof config === 'string' && Array.isArray(values) ? names.get(config) : undefined;
    if (name === undefined) return query(config, values, callback);
    const result = query({ name: `${name}_${generation}`, text: config, values }, callback);
    if (result instanceof Promise) {
      result.catch((error: unknown) => {
        if (error instanceof Error && /cached plan must not change result type/.test(error.message)) generation++;
      });
    }
    return result;
  };
}
