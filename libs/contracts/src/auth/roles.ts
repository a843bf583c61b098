import { z } from 'zod';

export const roles = ['coordinator', 'department', 'auditor'] as const;
export type Role = z.infer<typeof roleSchema>;
export const roleSchema = z.enum(roles);

/** Who is calling: resolved from the bearer token. */
export interface Actor {
  /** Stable id of the caller (token subject), recorded in audit events. */
  id: string;
  role: Role;
  /** The responsible unit (责任单位) a department token acts for. */
  unit: string | null;
  displayName: string;
}

export const tokenEntrySchema = z
  .object({
    token: z.string().min(16, 'tokens must be at least 16 characters'),
    id: z.string().min(1),
    role: roleSchema,
    unit: z.string().min(1).nullable().default(null),
    displayName: z.string().min(1).optional(),
  })
  .refine((entry) => entry.role !== 'department' || entry.unit !== null, {
    message: 'a department token must name its unit',
    path: ['unit'],
  });
export type TokenEntry = z.infer<typeof tokenEntrySchema>;
