import type { Database, Executor } from '../../db/database.js';
import type { RegionLevel } from '../../db/schema.js';
import { AppError, forbidden, notFound, validationFailed } from '../../http/errors.js';
import type { Actor } from '../auth/actor.js';
import { writeAudit } from '../auth/repo.js';
import * as repo from './repo.js';
import { regionPrefix, regionProblem, statCode } from './regions.js';
import type { TCentre, TCentreContent, TCentreDetail, TComplianceRow, TCreateRegionRequest, TLevelModes, TRegion, TUpdateCentreRequest } from './schema.js';

/** Which kinds of centre serve which region level. */
const KINDS_BY_LEVEL: Record<RegionLevel, readonly string[]> = {
  province: ['centre', 'branch'],
  city: ['centre', 'branch'],
  county: ['centre', 'branch'],
  town: ['town_centre'],
  village: ['village_station', 'agency_point'],
};

/**
 * The region prefix an administrator manages: their centre's region and everything below it (a
 * county centre's administrator opens town centres and village points; a town's, only its own).
 */
export async function adminPrefix(db: Executor, actor: Actor): Promise<string> {
  if (actor.role !== 'admin' || actor.centreId === null) throw forbidden('只有中心管理员可以管理服务网络');
  const centre = await repo.centreRegion(db, actor.centreId);
  if (!centre) throw notFound('服务中心');
  return regionPrefix(centre.region_code);
}

const toRegion = (r: { code: string; stat_code: string; name: string; level: RegionLevel; parent_code: string | null }): TRegion => ({
  code: r.code,
  statCode: r.stat_code,
  name: r.name,
  level: r.level,
  parentCode: r.parent_code,
});

/** The region tree under a code (the whole country when none), in 统计用区划代码 order. */
export async function listRegions(db: Executor, under?: string): Promise<TRegion[]> {
  const prefix = under ? regionPrefix(under) : '';
  return (await repo.listRegions(db, prefix)).map(toRegion);
}

/** Adds a town or village inside the administrator's subtree, keyed by its 12-digit code. */
export async function createRegion(db: Database, actor: Actor, input: TCreateRegionRequest): Promise<TRegion> {
  const prefix = await adminPrefix(db, actor);
  const parent = await repo.findRegion(db, input.parentCode);
  if (!parent || !parent.stat_code.startsWith(prefix)) throw notFound('上级区划');
  const problem = regionProblem({ code: input.code, level: input.level, parent: { code: parent.code, level: parent.level } });
  if (problem) throw validationFailed('body.code', problem);
  return db.transaction().execute(async (trx) => {
    if (await repo.findRegion(trx, input.code)) throw new AppError('CONFLICT', '该区划代码已存在', [{ field: 'body.code', message: '已存在' }]);
    await repo.insertRegion(trx, { code: input.code, name: input.name, level: input.level, parent_code: parent.code });
    await writeAudit(trx, { actorId: actor.id, action: 'region.create', targetType: 'region', targetId: input.code, detail: { name: input.name, parentCode: parent.code } });
    return toRegion((await repo.findRegion(trx, input.code))!);
  });
}

/**
 * Checks the whole stored tree (codes, shapes, parents, prefixes) and lists every problem; an
 * empty list means the tree is sound. The database refuses bad rows on write; this finds what was
 * loaded around it (a bulk import, a restored dump).
 */
export async function validateRegionTree(db: Executor): Promise<{ code: string; name: string; problem: string }[]> {
  const problems: { code: string; name: string; problem: string }[] = [];
  for (const r of await repo.allRegionsWithParents(db)) {
    if (r.parent_code !== null && r.parent_found === null) {
      problems.push({ code: r.code, name: r.name, problem: `上级区划 ${r.parent_code} 不存在` });
      continue;
    }
    const parent = r.parent_found !== null && r.parent_level !== null ? { code: r.parent_found, level: r.parent_level } : null;
    const problem = regionProblem({ code: r.code, level: r.level, parent });
    if (problem) problems.push({ code: r.code, name: r.name, problem });
  }
  return problems;
}

function toCentre(row: repo.CentreRow): TCentre {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    regionCode: row.region_code,
    regionName: row.region_name,
    level: row.level,
    parentCentreId: row.parent_centre_id,
    address: row.address,
    phone: row.phone,
    hours: row.hours,
    functionalAreas: row.functional_areas,
    active: row.active,
  };
}

export async function listCentres(db: Executor, filter: { region?: string; kind?: string; activeOnly: boolean }): Promise<TCentre[]> {
  const rows = await repo.listCentres(db, { prefix: filter.region ? regionPrefix(filter.region) : undefined, kind: filter.kind, activeOnly: filter.activeOnly });
  return rows.map(toCentre);
}

/** Every centre in the administrator's subtree, closed ones too. */
export async function listManagedCentres(db: Executor, actor: Actor): Promise<TCentre[]> {
  return (await repo.listCentres(db, { prefix: await adminPrefix(db, actor) })).map(toCentre);
}

/** A centre as the public sees it: departments present, open windows, what it offers, and for a village point the 四公开. */
export async function centreDetail(db: Executor, id: number): Promise<TCentreDetail> {
  const row = await repo.findCentre(db, id);
  if (!row || !row.active) throw notFound('服务中心');
  const [departments, windows, offered, agents] = await Promise.all([
    repo.presentDepartments(db, id),
    repo.centreWindows(db, id, { activeOnly: true }),
    repo.offeredItems(db, id),
    repo.pointAgents(db, id),
  ]);
  return {
    ...toCentre(row),
    departments: departments.map((d) => ({ id: d.id, name: d.name, enteredAt: d.entered_at.toISOString() })),
    windows: windows.map((w) => ({ id: w.id, number: w.number, name: w.name, kind: w.kind, departmentName: w.department_name, items: w.items })),
    offered: offered.map((o) => ({ itemId: o.item_id, name: o.name, mode: o.mode })),
    // 四公开 publishes the agent's phone in full: it is the point's service number, not private data.
    agents: agents.map((a) => ({ name: a.display_name, phone: a.phone ?? '' })),
    publicNote: row.public_note,
  };
}

async function checkParentCentre(db: Executor, prefix: string, parentCentreId: number | null): Promise<void> {
  if (parentCentreId === null) return;
  const parent = await repo.findCentre(db, parentCentreId);
  // The parent may sit one level up (a town centre under its county's centre), so only the county
  // (or wider) part of the administrator's prefix must match.
  if (!parent || !parent.stat_code.startsWith(prefix.slice(0, 6))) throw validationFailed('body.parentCentreId', '上级中心不存在');
}

/** Opens a centre at any level inside the administrator's subtree (a town centre, a village point …). */
export async function createCentre(db: Database, actor: Actor, input: TCentreContent): Promise<TCentre> {
  const prefix = await adminPrefix(db, actor);
  const region = await repo.findRegion(db, input.regionCode);
  if (!region || !region.stat_code.startsWith(prefix)) throw notFound('区划');
  if (!KINDS_BY_LEVEL[region.level].includes(input.kind)) throw validationFailed('body.kind', `${region.name}（${region.level}）不能设立此类中心`);
  if (input.kind === 'branch' && input.parentCentreId === null) throw validationFailed('body.parentCentreId', '分中心须指明所属中心');
  await checkParentCentre(db, prefix, input.parentCentreId);
  return db.transaction().execute(async (trx) => {
    const created = await repo.insertCentre(trx, {
      name: input.name,
      kind: input.kind,
      region_code: region.code,
      parent_centre_id: input.parentCentreId,
      address: input.address,
      phone: input.phone,
      hours: input.hours,
      functional_areas: JSON.stringify(input.functionalAreas),
      public_note: input.publicNote,
    });
    await writeAudit(trx, { actorId: actor.id, action: 'centre.create', targetType: 'centre', targetId: String(created.id), detail: { name: input.name, kind: input.kind, regionCode: region.code } });
    return toCentre((await repo.findCentre(trx, created.id))!);
  });
}

/** The administrator's view of one centre in their subtree (the record itself, active or not). */
export async function managedCentre(db: Executor, actor: Actor, centreId: number) {
  const prefix = await adminPrefix(db, actor);
  const centre = await repo.findCentre(db, centreId);
  if (!centre || !centre.stat_code.startsWith(prefix)) throw notFound('服务中心');
  return centre;
}

export async function updateCentre(db: Database, actor: Actor, centreId: number, input: TUpdateCentreRequest): Promise<TCentre> {
  await managedCentre(db, actor, centreId);
  if (input.parentCentreId !== undefined) await checkParentCentre(db, await adminPrefix(db, actor), input.parentCentreId);
  if (input.active === false && centreId === actor.centreId) throw validationFailed('body.active', '不能关闭自己所在的中心');
  return db.transaction().execute(async (trx) => {
    await repo.updateCentre(trx, centreId, {
      ...(input.name !== undefined && { name: input.name }),
      ...(input.parentCentreId !== undefined && { parent_centre_id: input.parentCentreId }),
      ...(input.address !== undefined && { address: input.address }),
      ...(input.phone !== undefined && { phone: input.phone }),
      ...(input.hours !== undefined && { hours: input.hours }),
      ...(input.functionalAreas !== undefined && { functional_areas: JSON.stringify(input.functionalAreas) }),
      ...(input.publicNote !== undefined && { public_note: input.publicNote }),
      ...(input.active !== undefined && { active: input.active }),
    });
    await writeAudit(trx, { actorId: actor.id, action: 'centre.update', targetType: 'centre', targetId: String(centreId), detail: input });
    return toCentre((await repo.findCentre(trx, centreId))!);
  });
}

/** Sets at which levels and in which mode an item is handled (and whether the guiding list holds it). */
export async function setLevelModes(db: Database, actor: Actor, itemId: number, input: TLevelModes): Promise<void> {
  const prefix = await adminPrefix(db, actor);
  const item = await repo.itemRegion(db, itemId);
  // An administrator sets the levels of their own region's items (and those below).
  if (!item || !statCode(item.region_code).startsWith(prefix)) throw notFound('事项');
  if (new Set(input.modes.map((m) => m.level)).size !== input.modes.length) throw validationFailed('body.modes', '每一层级只能设一种办理方式');
  await db.transaction().execute(async (trx) => {
    await repo.clearLevelModes(trx, itemId);
    if (input.modes.length > 0) await repo.insertLevelModes(trx, input.modes.map((m) => ({ item_id: itemId, level: m.level, mode: m.mode, guiding: m.guiding })));
    await writeAudit(trx, { actorId: actor.id, action: 'item.level_modes', targetType: 'item', targetId: String(itemId), detail: input });
  });
}

/** A town or village centre starts (mode) or stops (null) offering an item; only modes its level allows. */
export async function setCentreItem(db: Database, actor: Actor, centreId: number, itemId: number, mode: 'full' | 'forward' | 'agency' | null): Promise<void> {
  const centre = await managedCentre(db, actor, centreId);
  if (mode !== null) {
    const allowed = await repo.publishedLevelMode(db, itemId, centre.level);
    if (!allowed) throw validationFailed('body.itemId', '该事项未列入本层级可办事项');
    if (allowed.mode !== mode) throw validationFailed('body.mode', '办理方式与该层级的规定不一致');
  }
  await db.transaction().execute(async (trx) => {
    if (mode === null) await repo.withdrawCentreItem(trx, centreId, itemId);
    else await repo.offerCentreItem(trx, centreId, itemId, mode);
    await writeAudit(trx, { actorId: actor.id, action: mode ? 'centre.item_offered' : 'centre.item_withdrawn', targetType: 'centre', targetId: String(centreId), detail: { itemId, mode } });
  });
}

/** 应进必进: per town and village centre under the prefix, the guiding items it does not offer yet. */
export async function complianceReport(db: Executor, prefix: string): Promise<TComplianceRow[]> {
  const { rows } = await repo.complianceGaps(db, prefix);
  const byCentre = new Map<number, TComplianceRow>();
  for (const r of rows) {
    let entry = byCentre.get(r.centre_id);
    if (!entry) {
      entry = { centreId: r.centre_id, centreName: r.centre_name, regionCode: r.region_code, level: r.level, required: r.required, offered: r.required, missing: [] };
      byCentre.set(r.centre_id, entry);
    }
    if (r.item_id !== null) {
      entry.missing.push({ itemId: r.item_id, name: r.item_name!, mode: r.mode! });
      entry.offered -= 1;
    }
  }
  return [...byCentre.values()];
}
