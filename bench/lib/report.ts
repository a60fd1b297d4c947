import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BenchRow, BenchTarget } from './types.js';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGb: number;
  node: string;
  postgres: string;
  load: string;
  startedAt: string;
}

export function describeMachine(postgres: string): Machine {
  return {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.cpus().length,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    postgres,
    load: os.loadavg().map((l) => l.toFixed(2)).join(' '),
    startedAt: new Date().toISOString(),
  };
}

/** Whether the row meets its target; undefined when it has none. */
export function verdict(row: BenchRow): { met: boolean; text: string } | undefined {
  const t: BenchTarget | undefined = row.target;
  if (!t) return undefined;
  const ratio = row.baseline ? row.value / row.baseline.value : NaN;
  if (t.ratioAtLeast !== undefined) return { met: ratio >= t.ratioAtLeast, text: `≥ ${t.ratioAtLeast}×` };
  if (t.ratioAtMost !== undefined) return { met: ratio <= t.ratioAtMost, text: `≤ ${t.ratioAtMost}×` };
  if (t.below !== undefined) return { met: row.value < t.below, text: `< ${t.below} ${row.unit}` };
  if (t.atLeast !== undefined) return { met: row.value >= t.atLeast, text: `≥ ${t.atLeast} ${row.unit}` };
  return undefined;
}

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '–';
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function cells(row: BenchRow): string[] {
  const v = verdict(row);
  const ratio = row.baseline ? row.value / row.baseline.value : undefined;
  return [
    row.figure,
    `${formatNumber(row.value)} ${row.unit}`,
    row.baseline ? `${formatNumber(row.baseline.value)} ${row.baseline.unit} (${row.baseline.label})` : '',
    ratio === undefined ? '' : `${ratio >= 10 ? ratio.toFixed(0) : ratio.toFixed(2)}×`,
    v ? `${v.text} ${v.met ? 'met' : 'MISSED'}` : '',
    row.note ?? '',
  ];
}

const HEADERS = ['figure', 'value', 'baseline (same run)', 'ratio', 'target', 'note'];

/** Monospace width: CJK characters take two columns. */
const width = (text: string) => [...text].reduce((w, c) => w + (/[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u.test(c) ? 2 : 1), 0);

export function printTable(rows: BenchRow[]): string {
  const table = [HEADERS, ...rows.map(cells)].map((r) => r.slice(0, 5));
  const widths = HEADERS.slice(0, 5).map((_, i) => Math.max(...table.map((r) => width(r[i]!))));
  const line = (r: string[]) => r.map((c, i) => c + ' '.repeat(widths[i]! - width(c))).join('  ');
  return [line(table[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...table.slice(1).map(line)].join('\n');
}

export function markdownTable(rows: BenchRow[]): string {
  const esc = (c: string) => c.replaceAll('|', '\\|');
  return [`| ${HEADERS.join(' | ')} |`, `|${HEADERS.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${cells(r).map(esc).join(' | ')} |`)].join('\n');
}

/**
 * Writes one module's figures into docs/benchmarks.md between that module's markers, leaving the
 * other modules' last results and the hand-written analysis around them alone: `--only http`
 * refreshes the HTTP block and nothing else. A module seen for the first time is added after the
 * last results block (or at the end of a new file).
 */
export async function writeResults(
  file: string,
  run: { module: string; machine: Machine; rows: BenchRow[]; profiles: { title: string; lines: string[] }[]; command: string; seconds: number },
): Promise<void> {
  const m = run.machine;
  const begin = `<!-- bench:results:${run.module}:begin -->`;
  const end = `<!-- bench:results:${run.module}:end -->`;
  const block = [
    begin,
    `### ${run.module}`,
    '',
    `Run of ${m.startedAt} (\`${run.command}\`, this module ${run.seconds.toFixed(0)} s): ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB RAM, ` +
      `Node ${m.node}, PostgreSQL ${m.postgres} (embedded, fsync on, synchronous_commit on), load average at start ${m.load}.`,
    '',
    markdownTable(run.rows),
    '',
    ...(run.profiles.length
      ? ['Profiles taken during this run:', '', ...run.profiles.flatMap((p) => [`- **${p.title}**`, ...p.lines.map((l) => `  - ${l}`)]), '']
      : []),
    end,
  ].join('\n');
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    text = '# Benchmarks\n';
  }
  const at = text.indexOf(begin);
  const to = text.indexOf(end);
  if (at >= 0 && to > at) {
    text = text.slice(0, at) + block + text.slice(to + end.length);
  } else {
    const lastEnd = [...text.matchAll(/<!-- bench:results:[\w-]+:end -->/g)].at(-1);
    text = lastEnd
      ? `${text.slice(0, lastEnd.index + lastEnd[0].length)}\n\n${block}${text.slice(lastEnd.index + lastEnd[0].length)}`
      : `${text.trimEnd()}\n\n${block}\n`;
  }
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, text);
}
