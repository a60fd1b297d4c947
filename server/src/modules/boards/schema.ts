import { z } from 'zod';

/** 五公开 as the boards show it. */
export const ZBoard = z
  .object({
    centre: z.object({ id: z.number(), name: z.string(), address: z.string(), phone: z.string() }),
    items: z.array(
      z.object({
        id: z.number(),
        name: z.string(),
        departmentName: z.string(),
        kind: z.enum(['immediate', 'promised']),
        basis: z.string(),
        process: z.array(z.string()),
        legalLimit: z.string(),
        promisedLimit: z.string(),
        fees: z.string(),
        feeBasis: z.string(),
        trips: z.number(),
      }),
    ),
    onDuty: z.array(z.object({ name: z.string(), staffNumber: z.string(), window: z.string(), duties: z.string(), photoPath: z.string().nullable() })),
    dutyHeads: z.array(z.object({ floor: z.string(), name: z.string() })),
  })
  .meta({ id: 'DisclosureBoard' });
export type TBoard = z.infer<typeof ZBoard>;
