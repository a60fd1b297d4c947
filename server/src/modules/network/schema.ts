import { z } from 'zod';

/** Schemas of the network API (regions, centres, what each level offers); ZX schema / TX type. */

export const ZRegionLevel = z.enum(['province', 'city', 'county', 'town', 'village']);
export const ZCentreKind = z.enum(['centre', 'branch', 'town_centre', 'village_station', 'agency_point']);
export const ZOfferMode = z.enum(['full', 'forward', 'agency']);

export const ZRegion = z.object({
  code: z.string(),
  statCode: z.string().meta({ description: '统计用区划代码 (12 digits)' }),
  name: z.string(),
  level: ZRegionLevel,
  parentCode: z.string().nullable(),
});
export type TRegion = z.infer<typeof ZRegion>;

export const ZRegionList = z.object({ regions: z.array(ZRegion) });
export type TRegionList = z.infer<typeof ZRegionList>;

export const ZCreateRegionRequest = z.object({
  code: z.string().trim().regex(/^[0-9]{12}$/, '应为 12 位数字').meta({ description: '统计用区划代码' }),
  name: z.string().trim().min(2).max(50),
  parentCode: z.string().trim().regex(/^[0-9]{6}([0-9]{6})?$/),
  level: z.enum(['town', 'village']),
});
export type TCreateRegionRequest = z.infer<typeof ZCreateRegionRequest>;

export const ZRegionProblem = z.object({ code: z.string(), name: z.string(), problem: z.string() });

export const ZCentre = z.object({
  id: z.number(),
  name: z.string(),
  kind: ZCentreKind,
  regionCode: z.string(),
  regionName: z.string(),
  level: ZRegionLevel,
  parentCentreId: z.number().nullable(),
  address: z.string(),
  phone: z.string(),
  hours: z.string(),
  functionalAreas: z.array(z.string()),
  active: z.boolean(),
});
export type TCentre = z.infer<typeof ZCentre>;

export const ZCentreList = z.object({ centres: z.array(ZCentre) });
export type TCentreList = z.infer<typeof ZCentreList>;

export const ZCentreContent = z.object({
  name: z.string().trim().min(2).max(60),
  kind: ZCentreKind,
  regionCode: z.string().trim().regex(/^[0-9]{6}([0-9]{6})?$/),
  parentCentreId: z.number().int().positive().nullable().default(null),
  address: z.string().trim().max(200).default(''),
  phone: z.string().trim().max(50).default(''),
  hours: z.string().trim().max(200).default(''),
  functionalAreas: z.array(z.string().trim().min(1).max(30)).max(20).default([]),
  publicNote: z.string().trim().max(200).default(''),
});
export type TCentreContent = z.infer<typeof ZCentreContent>;
// No defaults here: a field left out is left unchanged.
export const ZUpdateCentreRequest = z.object({
  name: z.string().trim().min(2).max(60).optional(),
  parentCentreId: z.number().int().positive().nullable().optional(),
  address: z.string().trim().max(200).optional(),
  phone: z.string().trim().max(50).optional(),
  hours: z.string().trim().max(200).optional(),
  functionalAreas: z.array(z.string().trim().min(1).max(30)).max(20).optional(),
  publicNote: z.string().trim().max(200).optional(),
  active: z.boolean().optional(),
});
export type TUpdateCentreRequest = z.infer<typeof ZUpdateCentreRequest>;

export const ZPublicWindow = z.object({
  id: z.number(),
  number: z.string(),
  name: z.string(),
  kind: z.enum(['comprehensive', 'department']),
  departmentName: z.string().nullable(),
  items: z.array(z.object({ id: z.number(), name: z.string() })),
});

/** 四公开 of a village agency point: agent's name, items, place, phone. */
export const ZAgentDisclosure = z.object({ name: z.string(), phone: z.string() });

export const ZCentreDetail = ZCentre.extend({
  departments: z.array(z.object({ id: z.number(), name: z.string(), enteredAt: z.string() })),
  windows: z.array(ZPublicWindow),
  offered: z.array(z.object({ itemId: z.number(), name: z.string(), mode: ZOfferMode })),
  agents: z.array(ZAgentDisclosure),
  publicNote: z.string(),
});
export type TCentreDetail = z.infer<typeof ZCentreDetail>;

export const ZLevelModes = z.object({
  modes: z.array(z.object({ level: z.enum(['city', 'county', 'town', 'village']), mode: ZOfferMode, guiding: z.boolean() })).max(4),
});
export type TLevelModes = z.infer<typeof ZLevelModes>;

export const ZGuidingEntry = z.object({ itemId: z.number(), name: z.string(), departmentName: z.string(), level: z.enum(['town', 'village']), mode: ZOfferMode });

export const ZComplianceRow = z.object({
  centreId: z.number(),
  centreName: z.string(),
  regionCode: z.string(),
  level: z.enum(['town', 'village']),
  required: z.number(),
  offered: z.number(),
  missing: z.array(z.object({ itemId: z.number(), name: z.string(), mode: ZOfferMode })),
});
export type TComplianceRow = z.infer<typeof ZComplianceRow>;

export const ZCompliance = z.object({ centres: z.array(ZComplianceRow) });
export type TCompliance = z.infer<typeof ZCompliance>;
