import { z } from 'zod';
import { roleSchema } from '../auth/roles';

/**
 * The caller as recorded in workflow history: who did it, in which role, for which unit.
 * `name` and `tokenId` were added with the directory; histories recorded before carry
 * neither, so both stay optional.
 */
export const actorRefSchema = z.object({
  id: z.string().min(1),
  role: roleSchema,
  unit: z.string().nullable(),
  name: z.string().min(1).optional(),
  tokenId: z.string().min(1).optional(),
});
export type ActorRef = z.infer<typeof actorRefSchema>;
