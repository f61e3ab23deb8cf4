import { z } from 'zod';

/** Ids arrive from Teams and cards: plain strings, never objects (no operator injection). */
export const idSchema = z
  .string()
  .trim()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9._:@-]+$/);

/** The agent acting, in the provider tenant it acts for. */
export const actorSchema = z.object({
  tenantId: idSchema,
  agentId: idSchema,
  displayName: z.string().max(200).optional(),
});

export type Actor = z.infer<typeof actorSchema>;

/** Idempotency keys come from card action ids or activity ids. */
export const idempotencyKeySchema = z
  .string()
  .min(8)
  .max(200)
  .regex(/^[A-Za-z0-9._:|-]+$/)
  .optional();
