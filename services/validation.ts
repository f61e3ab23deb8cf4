import type { z } from 'zod';
import { AppError } from './errors.js';

/** Parses untrusted input; a failure is a localisable `invalid_input` naming the first bad field. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new AppError('invalid_input', { field: issue?.path.join('.') || 'input' });
}
