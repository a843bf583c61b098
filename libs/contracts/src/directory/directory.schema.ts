import { z } from 'zod';
import { roleSchema, unitBoundRoles, type Role } from '../auth/roles';

/**
 * The directory: units (责任单位), the other names plans write for them, people and their
 * roles, leaders' scopes, and service tokens. Bodies are strict: an unknown field is a 400.
 */

const unitName = z
  .string()
  .trim()
  .min(2, 'a unit name has at least 2 characters')
  .max(64)
  .regex(/^[^\s,，、;；/|]+$/u, 'a unit name is one name: no spaces or separators');
const optionalUrl = z
  .string()
  .trim()
  .url('not a URL')
  .refine((v) => /^https?:\/\//.test(v), 'use an http(s) address')
  .nullable()
  .optional();
const email = z.string().trim().toLowerCase().max(254).pipe(z.email('not an e-mail address'));

export const unitStatusSchema = z.enum(['proposed', 'active']);
export type UnitStatus = z.infer<typeof unitStatusSchema>;

export const createUnitSchema = z
  .object({
    name: unitName,
    fullName: z.string().trim().min(2).max(128).nullable().optional(),
    parent: unitName.nullable().optional(),
    contactEmail: email.nullable().optional(),
    webhookUrl: optionalUrl,
  })
  .strict();
export type CreateUnitRequest = z.infer<typeof createUnitSchema>;

export const updateUnitSchema = z
  .object({
    fullName: z.string().trim().min(2).max(128).nullable().optional(),
    parent: unitName.nullable().optional(),
    contactEmail: email.nullable().optional(),
    webhookUrl: optionalUrl,
    /** Accepts a proposed unit into the directory. */
    status: z.literal('active').optional(),
  })
  .strict();
export type UpdateUnitRequest = z.infer<typeof updateUnitSchema>;

export const unitAliasSchema = z
  .object({
    /** The name as a plan writes it (縣科技局). */
    alias: z.string().trim().min(2).max(64),
    /** The directory unit it means (县科技局). */
    unit: unitName,
  })
  .strict();
export type UnitAliasRequest = z.infer<typeof unitAliasSchema>;

/**
 * Which channels a person is told on: in-app always; e-mail unless turned off. A unit's
 * group-chat robot is its webhook address (none: no robot).
 */
export const notificationPreferencesSchema = z
  .object({
    email: z.boolean({ error: 'expected true or false' }),
  })
  .strict();
export type NotificationPreferencesRequest = z.infer<typeof notificationPreferencesSchema>;

/** A person's channels as the API shows them. */
export interface NotificationPreferences {
  inApp: true;
  email: boolean;
}

const personFields = {
  name: z.string().trim().min(1, 'a name is needed').max(64),
  email,
  role: roleSchema,
  unit: unitName.nullable().optional(),
  /** A leader's units (责任领导 answers for them). */
  leaderOf: z.array(unitName).max(100).optional(),
  /** Channels besides in-app (e-mail on unless `{ email: false }`). */
  notifications: notificationPreferencesSchema.optional(),
};

function checkUnitForRole(value: { role?: Role; unit?: string | null | undefined; leaderOf?: string[] | undefined }, ctx: z.RefinementCtx) {
  if (value.role && unitBoundRoles.includes(value.role) && !value.unit) {
    ctx.addIssue({ code: 'custom', path: ['unit'], message: `a ${value.role} person acts for a unit: name it` });
  }
  if (value.leaderOf && value.leaderOf.length > 0 && value.role && value.role !== 'leader') {
    ctx.addIssue({ code: 'custom', path: ['leaderOf'], message: 'only a leader answers for units' });
  }
}

export const createPersonSchema = z.object(personFields).strict().superRefine(checkUnitForRole);
export type CreatePersonRequest = z.infer<typeof createPersonSchema>;

export const updatePersonSchema = z
  .object({
    name: personFields.name.optional(),
    email: email.optional(),
    role: roleSchema.optional(),
    unit: unitName.nullable().optional(),
    leaderOf: personFields.leaderOf,
    status: z.enum(['active', 'disabled']).optional(),
    notifications: personFields.notifications,
  })
  .strict()
  .superRefine(checkUnitForRole);
export type UpdatePersonRequest = z.infer<typeof updatePersonSchema>;

export const createServiceTokenSchema = z
  .object({
    name: z.string().trim().min(2).max(64),
    role: roleSchema.exclude(['admin']),
    unit: unitName.nullable().optional(),
    /** Days until it expires (at most two years). */
    expiresInDays: z.number().int().min(1).max(730).default(90),
  })
  .strict()
  .superRefine(checkUnitForRole);
export type CreateServiceTokenRequest = z.infer<typeof createServiceTokenSchema>;

export interface UnitView {
  id: string;
  name: string;
  fullName: string | null;
  parent: string | null;
  contactEmail: string | null;
  webhookUrl: string | null;
  status: UnitStatus;
  aliases: string[];
}

export interface PersonView {
  id: string;
  name: string;
  email: string;
  role: Role;
  unit: string | null;
  status: 'active' | 'disabled';
  leaderOf: string[];
  notifications: NotificationPreferences;
}

export interface ServiceTokenView {
  id: string;
  name: string;
  role: Role;
  unit: string | null;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export interface DirectoryChangeView {
  id: string;
  at: string;
  actor: { id: string; name: string; role: string; tokenId: string | null };
  action: string;
  entity: string;
  entityId: string;
  before: unknown;
  after: unknown;
}
