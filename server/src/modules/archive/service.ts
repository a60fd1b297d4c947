import fs from 'node:fs/promises';
import path from 'node:path';
import type { Database, Executor } from '../../db/database.js';
import type { ArchiveManifestEntry, ItemTypeCode } from '../../db/schema.js';
import { forbidden, invalidState, notFound } from '../../http/errors.js';
import { chinaDate } from '../../util/china-time.js';
import type { Actor } from '../auth/actor.js';
import { writeAudit } from '../auth/repo.js';
import { canonicalJson } from '../../util/canonical-json.js';
import { NOTICE_SOURCES, sealNotice } from '../cases/notices-service.js';
import type { SealSigner } from '../seals/service.js';
import { sm3Hex } from '../seals/sm2.js';
import * as repo from './repo.js';
import { tarFiles } from './tar.js';
import { now as clockNow } from '../../util/clock.js';

/** 保管期限 when the item sets none: licences 30 years, confirmations (births, property) permanent, others 10. */
export function defaultRetentionYears(itemType: ItemTypeCode): number | null {
  if (itemType === '07') return null;
  if (itemType === '01') return 30;
  return 10;
}

export interface ArchiveDeps {
  dataDir: string;
  publicUrl: string;
  /** Seals a notice the case's steps did not seal yet (the archive holds what the applicant got). */
  signer: SealSigner;
}

const archiveRoot = (dataDir: string) => path.join(dataDir, 'archive');
const EXTENSIONS: Record<string, string> = { 'application/pdf': 'pdf', 'image/jpeg': 'jpg', 'image/png': 'png', 'application/ofd': 'ofd' };

/** A safe file name from a material's name: its own sequence number keeps it unique. */
const fileName = (seq: number, name: string, ext: string) => `${String(seq).padStart(2, '0')}-${name.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 40)}.${ext}`;

/**
 * 归档: a finished case becomes one package under `<data>/archive/<year>/<number>/` — the form
 * data, every material, the notices and decision, the licences it issued (PDF and signed data),
 * the timeline with its hash chain — with a manifest of every file's SM3, kept in the database
 * too, and a retention period from the item. Runs once per case (an archived case is left as is).
 */
export async function archiveCase(db: Database, deps: ArchiveDeps, caseId: string): Promise<{ folder: string; files: number } | null> {
  const existing = await repo.findArchiveFolder(db, caseId);
  if (existing) return null;
  const current = await repo.caseToArchive(db, caseId);
  if (!current || !['completed', 'refused', 'withdrawn'].includes(current.status)) return null;

  const files: { path: string; content: Buffer }[] = [];
  const json = (value: unknown) => Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8');
  files.push({
    path: 'case.json',
    content: json({
      number: current.number, item: current.item_name, itemCode: current.item_code, department: current.department_name, channel: current.channel, status: current.status,
      submittedAt: current.submitted_at, acceptedAt: current.accepted_at, decidedAt: current.decided_at, completedAt: current.completed_at, formData: current.form_data,
    }),
  });
  const events = await repo.caseTimeline(db, caseId);
  files.push({ path: 'timeline.json', content: json(events.map((e) => ({ ...e, hash: e.hash?.toString('hex') ?? null, prev_hash: e.prev_hash?.toString('hex') ?? null }))) });

  const materials = await repo.caseMaterials(db, caseId);
  for (const [index, material] of materials.entries()) {
    const content = await fs.readFile(path.join(deps.dataDir, 'files', material.id.slice(0, 2), material.id));
    files.push({ path: `materials/${fileName(index + 1, material.name, EXTENSIONS[material.content_type] ?? 'bin')}`, content });
  }
  const uses = await repo.caseLicenceUses(db, caseId);
  const commitments = await repo.caseCommitments(db, caseId);
  if (uses.length || commitments.length) files.push({ path: 'materials/exempt.json', content: json({ licenceUses: uses, commitments }) });

  // The sealed notices exactly as the applicant received them, with their signatures.
  for (const kind of Object.keys(NOTICE_SOURCES) as (keyof typeof NOTICE_SOURCES)[]) {
    if (!events.some((e) => NOTICE_SOURCES[kind].includes(e.action))) continue;
    const notice = await sealNotice(db, { signer: deps.signer, publicUrl: deps.publicUrl }, caseId, kind);
    if (!notice) continue;
    files.push({ path: `notices/${kind}.pdf`, content: notice.pdf });
    files.push({ path: `notices/${kind}.json`, content: json({ number: notice.number, signedData: notice.signed_data.toString('utf8'), dataSignature: notice.data_signature.toString('hex'), pdfSignature: notice.pdf_signature.toString('hex'), sealId: notice.seal_id }) });
  }
  const licences = await repo.caseLicences(db, caseId);
  for (const licence of licences) {
    files.push({ path: `licences/${licence.identifier}.pdf`, content: licence.pdf });
    files.push({ path: `licences/${licence.identifier}.json`, content: json({ signedData: licence.signed_data.toString('utf8'), dataSignature: licence.data_signature.toString('hex'), pdfSignature: licence.pdf_signature.toString('hex'), sealId: licence.seal_id }) });
  }

  const manifest: ArchiveManifestEntry[] = files.map((f) => ({ path: f.path, bytes: f.content.length, sm3: sm3Hex(f.content) })).sort((a, b) => (a.path < b.path ? -1 : 1));
  const manifestBytes = Buffer.from(canonicalJson(manifest), 'utf8');
  const archivedOn = chinaDate();
  const folder = path.join(archivedOn.slice(0, 4), current.number);
  const target = path.join(archiveRoot(deps.dataDir), folder);
  await fs.mkdir(target, { recursive: true, mode: 0o700 });
  for (const file of [...files, { path: 'manifest.json', content: manifestBytes }]) {
    await fs.mkdir(path.dirname(path.join(target, file.path)), { recursive: true, mode: 0o700 });
    await fs.writeFile(path.join(target, file.path), file.content, { mode: 0o600 });
  }
  const years = current.retention_set !== null ? current.retention_years : defaultRetentionYears(current.item_type);
  const inserted = await repo.insertArchive(db, {
    case_id: caseId,
    folder,
    manifest: JSON.stringify(manifest),
    manifest_sm3: Buffer.from(sm3Hex(manifestBytes), 'hex'),
    retention_years: years,
    retain_until: years === null ? null : `${Number(archivedOn.slice(0, 4)) + years}${archivedOn.slice(4)}`,
  });
  if (inserted) await writeAudit(db, { actorId: null, action: 'archive.create', targetType: 'case', targetId: caseId, detail: { folder, files: manifest.length } });
  return { folder, files: manifest.length };
}

export interface ArchiveProblem {
  caseNumber: string;
  folder: string;
  path: string;
  problem: 'missing' | 'altered' | 'unexpected' | 'manifest_altered';
}

async function listFiles(root: string, prefix = ''): Promise<string[]> {
  const entries = await fs.readdir(path.join(root, prefix), { withFileTypes: true }).catch(() => []);
  const out: string[] = [];
  for (const entry of entries) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await listFiles(root, relative)));
    else out.push(relative);
  }
  return out;
}

/**
 * `archive verify`: every package against its manifest in the database — each file present with
 * its SM3, nothing added, the manifest file unchanged. Destroyed packages are skipped.
 */
export async function verifyArchives(db: Executor, dataDir: string, onProgress?: (done: number, total: number) => void): Promise<{ packages: number; files: number; problems: ArchiveProblem[] }> {
  const rows = await repo.keptArchives(db);
  const problems: ArchiveProblem[] = [];
  let files = 0;
  for (const [index, row] of rows.entries()) {
    const root = path.join(archiveRoot(dataDir), row.folder);
    const report = (file: string, problem: ArchiveProblem['problem']) => problems.push({ caseNumber: row.number, folder: row.folder, path: file, problem });
    const manifestFile = await fs.readFile(path.join(root, 'manifest.json')).catch(() => null);
    if (!manifestFile) report('manifest.json', 'missing');
    else if (sm3Hex(manifestFile) !== row.manifest_sm3.toString('hex')) report('manifest.json', 'manifest_altered');
    for (const entry of row.manifest) {
      files++;
      const content = await fs.readFile(path.join(root, entry.path)).catch(() => null);
      if (!content) report(entry.path, 'missing');
      else if (content.length !== entry.bytes || sm3Hex(content) !== entry.sm3) report(entry.path, 'altered');
    }
    const listed = new Set([...row.manifest.map((e) => e.path), 'manifest.json']);
    for (const file of await listFiles(root)) if (!listed.has(file)) report(file, 'unexpected');
    onProgress?.(index + 1, rows.length);
  }
  return { packages: rows.length, files, problems };
}

/** 移交: one archive package as one tar file (the files and the manifest). */
export async function exportArchive(db: Executor, actor: Actor, dataDir: string, caseId: string): Promise<{ name: string; content: Buffer }> {
  if (actor.role !== 'admin') throw forbidden('只有中心管理员可以导出档案');
  const row = await repo.findArchive(db, caseId);
  if (!row || row.centre_id !== actor.centreId) throw notFound('档案');
  if (row.destruction_decision === 'destroy') throw invalidState('该档案已销毁');
  const root = path.join(archiveRoot(dataDir), row.folder);
  const paths = [...row.manifest.map((e) => e.path), 'manifest.json'];
  const files = await Promise.all(paths.map(async (p) => ({ path: `${row.number}/${p}`, content: await fs.readFile(path.join(root, p)), mtime: row.archived_at })));
  await writeAudit(db, { actorId: actor.id, action: 'archive.export', targetType: 'case', targetId: caseId });
  return { name: `${row.number}.tar`, content: tarFiles(files) };
}

/** Packages of the administrator's centre, or only those past retention (到期鉴定). */
export async function listArchives(db: Executor, actor: Actor, options: { due: boolean }) {
  if (actor.role !== 'admin') throw forbidden('只有中心管理员可以管理档案');
  const rows = await repo.centreArchives(db, actor.centreId ?? -1, { due: options.due, today: chinaDate() });
  return rows.map((r) => ({
    caseId: r.case_id,
    caseNumber: r.number,
    itemName: r.item_name,
    archivedAt: r.archived_at.toISOString(),
    retentionYears: r.retention_years,
    retainUntil: r.retain_until,
    files: r.manifest.length,
    decision: r.destruction_decision,
    decisionReason: r.destruction_reason,
    decidedAt: r.decided_at?.toISOString() ?? null,
  }));
}

/**
 * 到期鉴定: past retention, a package is destroyed or kept longer only by a recorded decision
 * (who, when, why) — never silently. Destroying removes the files and keeps the manifest row.
 */
export async function decideDestruction(db: Database, actor: Actor, dataDir: string, caseId: string, decision: 'destroy' | 'extend', reason: string, extendYears?: number) {
  if (actor.role !== 'admin') throw forbidden('只有中心管理员可以作出档案鉴定决定');
  await db.transaction().execute(async (trx) => {
    const row = await repo.lockArchive(trx, caseId);
    if (!row || row.centre_id !== actor.centreId) throw notFound('档案');
    if (row.destruction_decision === 'destroy') throw invalidState('该档案已销毁');
    if (!row.retain_until || row.retain_until >= chinaDate()) throw invalidState('档案未到保管期限，不能鉴定销毁');
    const until = decision === 'extend' ? `${Number(row.retain_until.slice(0, 4)) + (extendYears ?? 10)}${row.retain_until.slice(4)}` : row.retain_until;
    await repo.updateArchive(trx, caseId, { destruction_decision: decision === 'destroy' ? 'destroy' : null, destruction_reason: reason, decided_by: actor.id, decided_at: clockNow(), retain_until: until });
    await writeAudit(trx, { actorId: actor.id, action: `archive.${decision}`, targetType: 'case', targetId: caseId, detail: { reason, retainUntil: until } });
    if (decision === 'destroy') await fs.rm(path.join(archiveRoot(dataDir), row.folder), { recursive: true, force: true });
  });
}

/** 保管期限 of an item's archives (null = 永久). */
export async function setItemRetention(db: Database, actor: Actor, itemId: number, years: number | null): Promise<void> {
  if (actor.role !== 'admin') throw forbidden('只有中心管理员可以设置保管期限');
  const item = await repo.itemCentre(db, itemId);
  if (!item || item.centre_id !== actor.centreId) throw notFound('事项');
  await repo.saveItemRetention(db, itemId, years);
  await writeAudit(db, { actorId: actor.id, action: 'archive.retention', targetType: 'service_item', targetId: String(itemId), detail: { years } });
}
