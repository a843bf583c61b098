import { z } from 'zod';

/**
 * What a person may do, from the directory (never from an identity token):
 * - coordinator (专班办公室, 科技局): drafts, publishes, reviews and evaluates cycles; maps unit names;
 * - department (责任单位): acknowledges and reports on its own unit's assignments;
 * - leader (责任领导): reads the units and tasks they answer for and their escalations;
 * - auditor: reads and replays everything, changes nothing;
 * - admin: manages the directory (units, people, service tokens).
 */
export const roles = ['coordinator', 'department', 'leader', 'auditor', 'admin'] as const;
export type Role = z.infer<typeof roleSchema>;
export const roleSchema = z.enum(roles);

/** Roles whose people act for one unit: the directory refuses such a person without a unit. */
export const unitBoundRoles: readonly Role[] = ['department'];

/** Who is calling: a person signed in through OpenID Connect, or a service token. */
export interface Actor {
  /** The person's id, or `token:<id>` for a service token; recorded in audit events. */
  id: string;
  kind: 'person' | 'service-token';
  role: Role;
  /** The responsible unit (责任单位) the caller acts for (its short name), if any. */
  unit: string | null;
  unitId: string | null;
  /** The person's name (or the token's name), as audit rows show it. */
  displayName: string;
  /** Set for service tokens: which token acted. */
  tokenId: string | null;
  /** A leader's units (short names): the escalations they receive. Empty for other roles. */
  leaderUnits: string[];
}
