/**
 * The same human-in-the-loop case flow (submit → accept → review → decide → issue, five durable
 * steps) on the same PostgreSQL, by 8 concurrent workers each walking its own cases:
 * - ours: the service layer (`submitApplication`, `acceptCase`, `claimCase` + `completeReview`,
 *   `approveCase`, `issueResult`): state, SM3-chained timeline row and notifications per step;
 * - DBOS (`@dbos-inc/dbos-sdk`): one durable workflow per case that waits for each human step with
 *   `DBOS.recv`, runs it as a step writing the case row, and announces it with `DBOS.setEvent`;
 *   the worker sends the step and waits for that event;
 * - bpmn-engine: a BPMN process with four user tasks; each step loads the saved engine state
 *   (jsonb), recovers and resumes the engine, signals the task, and saves the new state and status.
 * Steps per second and the p99 of one step, ours beside each peer.
 */
import { EventEmitter } from 'node:events';
import { DBOS } from '@dbos-inc/dbos-sdk';
import { Engine } from 'bpmn-engine';
import pg from 'pg';
import { acceptCase, approveCase, claimCase, completeReview, issueResult, submitApplication } from '../server/src/modules/cases/service.js';
import { runConcurrent, type ConcurrentResult } from './lib/stats.js';
import type { BenchContext, BenchModuleMeta, BenchRow } from './lib/types.js';
import { makeBenchWorld } from './lib/world.js';

export const meta: BenchModuleMeta = {
  description: 'the same 5-step human-in-the-loop flow: ours vs DBOS durable workflows vs bpmn-engine with jsonb state',
};

const WORKERS = 8;
const HUMAN_STEPS = ['accept', 'review', 'decide', 'issue'] as const;

/** Drives one flow per worker: step 0 opens a case, steps 1–4 move it; returns the flow's step runner. */
function flowRunner(open: () => Promise<string>, move: (id: string, step: number) => Promise<void>) {
  const state = Array.from({ length: WORKERS }, () => ({ id: '', step: 0 }));
  return async (worker: number) => {
    const s = state[worker]!;
    if (s.step === 0) s.id = await open();
    else await move(s.id, s.step);
    s.step = (s.step + 1) % (HUMAN_STEPS.length + 1);
  };
}

async function runOurs(ctx: BenchContext): Promise<ConcurrentResult> {
  const database = await ctx.createDatabase({ name: 'peers_ours', poolSize: WORKERS });
  try {
    const { db } = database;
    const world = await makeBenchWorld(db, WORKERS);
    let n = 0;
    const step = flowRunner(
      async () => (await submitApplication({ db, actor: world.applicantActors[n++ % WORKERS]!, itemId: world.item.id, formData: world.formData })).caseId,
      async (caseId, i) => {
        if (i === 1) await acceptCase({ db, actor: world.clerkActor, caseId });
        if (i === 2) {
          // Our review is two transitions (the reviewer claims the case, then records the opinion).
          await claimCase({ db, actor: world.reviewerActor, caseId });
          await completeReview({ db, actor: world.reviewerActor, caseId, opinion: '材料齐全，符合法定条件' });
        }
        if (i === 3) await approveCase({ db, actor: world.reviewerActor, caseId, opinion: '准予许可' });
        if (i === 4) await issueResult({ db, actor: world.clerkActor, caseId, delivery: { method: 'window' } });
      },
    );
    await runConcurrent(WORKERS, 1, step);
    return await runConcurrent(WORKERS, ctx.seconds, step);
  } finally {
    await database.drop();
  }
}

async function runDbos(ctx: BenchContext): Promise<ConcurrentResult> {
  const database = await ctx.createDatabase({ name: 'peers_dbos', poolSize: 2 });
  const pool = new pg.Pool({ connectionString: database.url, max: WORKERS });
  try {
    await pool.query('CREATE TABLE flow_cases (id text PRIMARY KEY, status text NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())');
    const write = (id: string, status: string) =>
      DBOS.runStep(() => pool.query('UPDATE flow_cases SET status = $2, updated_at = now() WHERE id = $1', [id, status]), { name: status });
    const caseFlow = DBOS.registerWorkflow(
      async (id: string) => {
        await DBOS.runStep(() => pool.query("INSERT INTO flow_cases (id, status) VALUES ($1, 'submitted')", [id]), { name: 'submit' });
        await DBOS.setEvent('done:submit', true);
        for (const step of HUMAN_STEPS) {
          // The human step arrives as a durable message; the workflow sleeps (in the database) until then.
          await DBOS.recv<boolean>(step, 600);
          await write(id, step);
          await DBOS.setEvent(`done:${step}`, true);
        }
      },
      { name: 'caseFlow' },
    );
    DBOS.setConfig({ name: 'onewindow-bench', systemDatabaseUrl: database.url, systemDatabasePoolSize: 2 * WORKERS, logLevel: 'error' });
    await DBOS.launch();
    try {
      let n = 0;
      const step = flowRunner(
        async () => {
          const id = `case-${process.pid}-${n++}`;
          await DBOS.startWorkflow(caseFlow, { workflowID: id })(id);
          await DBOS.getEvent(id, 'done:submit', 600);
          return id;
        },
        async (id, i) => {
          const name = HUMAN_STEPS[i - 1]!;
          await DBOS.send(id, true, name);
          await DBOS.getEvent(id, `done:${name}`, 600);
        },
      );
      await runConcurrent(WORKERS, 1, step);
      return await runConcurrent(WORKERS, ctx.seconds, step);
    } finally {
      await DBOS.shutdown();
    }
  } finally {
    await pool.end();
    await database.drop();
  }
}

const BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="caseFlowDefinitions" targetNamespace="http://onewindow.bench">
  <process id="caseFlow" isExecutable="true">
    <startEvent id="submit" />
    <sequenceFlow id="f0" sourceRef="submit" targetRef="accept" />
    <userTask id="accept" />
    <sequenceFlow id="f1" sourceRef="accept" targetRef="review" />
    <userTask id="review" />
    <sequenceFlow id="f2" sourceRef="review" targetRef="decide" />
    <userTask id="decide" />
    <sequenceFlow id="f3" sourceRef="decide" targetRef="issue" />
    <userTask id="issue" />
    <sequenceFlow id="f4" sourceRef="issue" targetRef="done" />
    <endEvent id="done" />
  </process>
</definitions>`;

/** Resolves with the id of the next user task the engine waits in (not `current`), or 'end'. */
function nextWait(engine: Engine, listener: EventEmitter, current: string | null): Promise<string> {
  return new Promise((resolve) => {
    const onWait = (api: { id: string }) => {
      if (api.id === current) return;
      listener.off('wait', onWait);
      resolve(api.id);
    };
    listener.on('wait', onWait);
    engine.once('end', () => {
      listener.off('wait', onWait);
      resolve('end');
    });
  });
}

async function runBpmn(ctx: BenchContext): Promise<ConcurrentResult> {
  const database = await ctx.createDatabase({ name: 'peers_bpmn', poolSize: 2 });
  const pool = new pg.Pool({ connectionString: database.url, max: WORKERS });
  try {
    await pool.query('CREATE TABLE bpmn_cases (id bigserial PRIMARY KEY, status text NOT NULL, state jsonb NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())');
    const step = flowRunner(
      async () => {
        const engine = new Engine({ name: 'caseFlow', source: BPMN });
        const listener = new EventEmitter();
        const waiting = nextWait(engine, listener, null);
        await engine.execute({ listener });
        const task = await waiting;
        const state = await engine.getState();
        const { rows } = await pool.query<{ id: string }>('INSERT INTO bpmn_cases (status, state) VALUES ($1, $2) RETURNING id', [task, JSON.stringify(state)]);
        engine.stop();
        return rows[0]!.id;
      },
      async (id, i) => {
        const { rows } = await pool.query<{ state: object }>('SELECT state FROM bpmn_cases WHERE id = $1', [id]);
        const engine = new Engine().recover(rows[0]!.state);
        const listener = new EventEmitter();
        const task = HUMAN_STEPS[i - 1]!;
        const waiting = nextWait(engine, listener, task);
        const execution = await engine.resume({ listener });
        execution.signal({ id: task });
        const next = await waiting;
        const state = await engine.getState();
        await pool.query('UPDATE bpmn_cases SET status = $2, state = $3, updated_at = now() WHERE id = $1', [id, next, JSON.stringify(state)]);
        engine.stop();
      },
    );
    await runConcurrent(WORKERS, 1, step);
    return await runConcurrent(WORKERS, ctx.seconds, step);
  } finally {
    await pool.end();
    await database.drop();
  }
}

export async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const ours = await runOurs(ctx);
  ctx.log(`ours: ${ours.perSecond.toFixed(0)} steps/s, p99 ${ours.p99.toFixed(1)} ms`);
  const dbos = await runDbos(ctx);
  ctx.log(`DBOS: ${dbos.perSecond.toFixed(0)} steps/s, p99 ${dbos.p99.toFixed(1)} ms${dbos.errors ? `, ${dbos.errors} errors` : ''}`);
  const bpmn = await runBpmn(ctx);
  ctx.log(`bpmn-engine: ${bpmn.perSecond.toFixed(0)} steps/s, p99 ${bpmn.p99.toFixed(1)} ms${bpmn.errors ? `, ${bpmn.errors} errors` : ''}`);
  const note = (r: ConcurrentResult) => `p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms${r.errors ? `, ${r.errors} errors` : ''}`;
  return [
    {
      figure: `flow steps, ours vs DBOS (${WORKERS} workers)`,
      value: ours.perSecond,
      unit: 'steps/s',
      baseline: { label: `DBOS, ${note(dbos)}`, value: dbos.perSecond, unit: 'steps/s' },
      target: { ratioAtLeast: 5 },
      note: `ours ${note(ours)}`,
    },
    {
      figure: `flow steps, ours vs bpmn-engine (${WORKERS} workers)`,
      value: ours.perSecond,
      unit: 'steps/s',
      baseline: { label: `bpmn-engine + jsonb, ${note(bpmn)}`, value: bpmn.perSecond, unit: 'steps/s' },
      target: { ratioAtLeast: 20 },
      note: `ours ${note(ours)}`,
    },
    { figure: 'flow step p99, ours vs DBOS', value: ours.p99, unit: 'ms', baseline: { label: 'DBOS step p99', value: dbos.p99, unit: 'ms' } },
    { figure: 'flow step p99, ours vs bpmn-engine', value: ours.p99, unit: 'ms', baseline: { label: 'bpmn-engine step p99', value: bpmn.p99, unit: 'ms' } },
  ];
}
