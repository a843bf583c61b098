import { z } from 'zod';
import { roleSchema } from '../auth/roles';

/** The caller as recorded in workflow history: who did it, in which role, for which unit. */
export const actorRefSchema = z.object({
  id: z.string().min(1),
  role: roleSchema,
  unit: z.string().nullable(),
});
export type ActorRef = z.infer<typeof actorRefSchema>;
