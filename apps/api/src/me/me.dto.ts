import { createZodDto } from 'nestjs-zod';
import { notificationPreferencesSchema, readAllNotificationsSchema } from '@plancycle/contracts';

export class ReadAllNotificationsRequest extends createZodDto(readAllNotificationsSchema) {}
export class NotificationPreferencesRequest extends createZodDto(notificationPreferencesSchema) {}
