import { z } from 'zod';

/** 进驻动态管理: departments in a centre, windows, staff joining, moving, leaving. */

export const ZStaffRole = z.enum(['clerk', 'reviewer', 'admin', 'agent']);

export const ZWindowContent = z.object({
  number: z.string().trim().regex(/^[0-9A-Za-z-]{1,10}$/, '窗口号为 1–10 位字母数字'),
  name: z.string().trim().min(2).max(40),
  kind: z.enum(['comprehensive', 'department']),
  departmentId: z.number().int().positive().nullable().default(null),
  itemIds: z.array(z.number().int().positive()).max(500).default([]),
});
export type TWindowContent = z.infer<typeof ZWindowContent>;
// No defaults here: a field left out is left unchanged.
export const ZUpdateWindowRequest = z.object({
  name: z.string().trim().min(2).max(40).optional(),
  departmentId: z.number().int().positive().optional(),
  itemIds: z.array(z.number().int().positive()).max(500).optional(),
  active: z.boolean().optional(),
});
export type TUpdateWindowRequest = z.infer<typeof ZUpdateWindowRequest>;

export const ZJoinStaffRequest = z.object({
  username: z.string().trim().regex(/^[A-Za-z0-9_.-]{3,64}$/, '用户名为 3–64 位字母数字'),
  displayName: z.string().trim().min(2).max(30),
  role: ZStaffRole,
  phone: z.string().trim().regex(/^1[0-9]{10}$/, '手机号为 11 位'),
  password: z.string().min(10, '初始密码至少 10 位').max(200),
  departmentId: z.number().int().positive().nullable().default(null),
  windowId: z.number().int().positive().nullable().default(null),
});
export type TJoinStaffRequest = z.infer<typeof ZJoinStaffRequest>;

export const ZMoveStaffRequest = z.object({
  centreId: z.number().int().positive(),
  departmentId: z.number().int().positive().nullable().default(null),
  windowId: z.number().int().positive().nullable().default(null),
});
export type TMoveStaffRequest = z.infer<typeof ZMoveStaffRequest>;

export const ZStaffMember = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  role: z.string(),
  departmentId: z.number().nullable(),
  departmentName: z.string().nullable(),
  windowId: z.number().nullable(),
  windowNumber: z.string().nullable(),
  backupUserId: z.number().nullable(),
  chiefRepresentative: z.boolean(),
  authorisedItemIds: z.array(z.number()),
  openCases: z.number(),
});
export type TStaffMember = z.infer<typeof ZStaffMember>;

export const ZStaffChange = z.object({ reassigned: z.array(z.object({ caseId: z.string(), toUserId: z.number() })) });
export type TStaffChange = z.infer<typeof ZStaffChange>;

export const ZManagedCentre = z.object({
  departments: z.array(z.object({ id: z.number(), name: z.string(), enteredAt: z.string() })),
  windows: z.array(
    z.object({
      id: z.number(),
      number: z.string(),
      name: z.string(),
      kind: z.enum(['comprehensive', 'department']),
      departmentId: z.number().nullable(),
      departmentName: z.string().nullable(),
      active: z.boolean(),
      items: z.array(z.object({ id: z.number(), name: z.string() })),
    }),
  ),
  staff: z.array(ZStaffMember),
});
export type TManagedCentre = z.infer<typeof ZManagedCentre>;
