import { z } from 'zod';

/** Response schemas of a case's materials (uploaded files), each with its inferred type. */

/** A file of a case as its material list shows it. */
export const ZMaterial = z
  .object({
    id: z.string(),
    /** The listed material (M01 …) the file answers; null where the item lists none. */
    materialId: z.string().nullable(),
    name: z.string(),
    originalName: z.string(),
    contentType: z.string(),
    sizeBytes: z.number(),
    uploadedAt: z.string(),
    verdict: z.enum(['unchecked', 'ok', 'missing', 'wrong', 'expired']),
    verdictNote: z.string().nullable(),
  })
  .meta({ id: 'Material' });
export type TMaterial = z.infer<typeof ZMaterial>;

export const ZMaterialList = z.object({ materials: z.array(ZMaterial) });
export type TMaterialList = z.infer<typeof ZMaterialList>;

/** What an upload stored. */
export const ZUploaded = z
  .object({
    /** The first stored file (callers that send one file read this). */
    id: z.string(),
    materials: z.array(z.object({ id: z.string(), materialId: z.string().nullable(), name: z.string(), originalName: z.string() })),
  })
  .meta({ id: 'UploadedMaterials' });
export type TUploaded = z.infer<typeof ZUploaded>;
