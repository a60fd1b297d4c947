import { z } from 'zod';

/** The one error shape, referenced in OpenAPI responses. */
export const ZErrorResponse = z
  .object({
    error: z.object({
      code: z.string().meta({ description: 'Stable machine-readable code, e.g. VALIDATION_FAILED' }),
      message: z.string().meta({ description: 'Human-readable message (Chinese)' }),
      details: z
        .array(z.object({ field: z.string(), label: z.string().optional().meta({ description: 'the field in Chinese, e.g. 身份证号' }), message: z.string() }))
        .optional(),
    }),
  })
  .meta({ id: 'ErrorResponse' });
