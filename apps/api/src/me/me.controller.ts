import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiDefaultResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@plancycle/contracts';
import { AllowRoles, CurrentActor } from '../auth/auth.decorators';
import { InboxQuery, NotificationQuery, PageQuery } from '../common/page-query';
import {
  ErrorResponse,
  EscalationPageResponse,
  InboxPageResponse,
  MeResponse,
  NotificationPageResponse,
  NotificationPreferencesResponse,
  NotificationReadAllResponse,
  NotificationReadResponse,
} from '../openapi/response-schemas';
import { NotificationPreferencesRequest, ReadAllNotificationsRequest } from './me.dto';
import { MeService } from './me.service';

@ApiTags('me')
@ApiBearerAuth()
@ApiDefaultResponse({ type: ErrorResponse, description: 'an error' })
@Controller('me')
export class MeController {
  constructor(@Inject(MeService) private readonly me: MeService) {}

  @Get()
  @ApiOkResponse({ type: MeResponse })
  @ApiOperation({ summary: 'Who is signed in: person (or service token), role, unit, the units a leader answers for' })
  whoAmI(@CurrentActor() actor: Actor) {
    return this.me.me(actor);
  }

  @Get('assignments')
  @AllowRoles('department', 'leader', 'coordinator')
  @ApiOkResponse({ type: InboxPageResponse })
  @ApiOperation({
    summary: 'The inbox (待办): my assignments across all cycles, nearest deadline first, with traffic lights',
    description:
      'A department sees its unit’s assignments, a leader those of the units and tasks they answer for, a coordinator or auditor all. Filters: cycleId, phase, dueBefore, overdue, escalated, returned, awaitingReview (a coordinator’s review queue); pages with limit and cursor.',
  })
  assignments(@CurrentActor() actor: Actor, @Query() query: InboxQuery) {
    return this.me.assignments(actor, query);
  }

  @Get('escalations')
  @AllowRoles('department', 'leader', 'coordinator')
  @ApiOperation({ summary: 'Escalations (提醒 / 督办 / 约谈) on my work: my unit’s, or a leader’s units and tasks' })
  @ApiOkResponse({ type: EscalationPageResponse })
  escalations(@CurrentActor() actor: Actor, @Query() query: PageQuery) {
    return this.me.escalations(actor, query);
  }

  @Get('notifications')
  @ApiOkResponse({ type: NotificationPageResponse })
  @ApiOperation({
    summary: 'My notifications (in-app notices): reminders, overdue periods, 督办, 约谈, reviews; newest first, with the unread count',
    description:
      'Only the signed-in person’s own; a service token has none. `unread=true` lists unread ones only; pages with limit and cursor.',
  })
  notifications(@CurrentActor() actor: Actor, @Query() query: NotificationQuery) {
    return this.me.notifications(actor, query);
  }

  @Post('notifications/:notificationId/read')
  @HttpCode(200)
  @ApiOkResponse({ type: NotificationReadResponse })
  @ApiOperation({ summary: 'Marks one of my notifications read (again: no change); someone else’s is 404' })
  readNotification(@CurrentActor() actor: Actor, @Param('notificationId', ParseUUIDPipe) notificationId: string) {
    return this.me.readNotification(actor, notificationId);
  }

  @Post('notifications/read-all')
  @HttpCode(200)
  @ApiOkResponse({ type: NotificationReadAllResponse })
  @ApiOperation({
    summary: 'Marks all my unread notifications read (全部已读), those made up to `upTo` when given',
    description: 'Answers how many were marked. A service token has no notifications: nothing is marked.',
  })
  readAllNotifications(@CurrentActor() actor: Actor, @Body() body: ReadAllNotificationsRequest) {
    return this.me.readAllNotifications(actor, body);
  }

  @Get('notification-preferences')
  @ApiOkResponse({ type: NotificationPreferencesResponse })
  @ApiOperation({
    summary: 'The channels I am told on: in-app always, e-mail unless I turned it off',
    description: 'A service token has no person: 403.',
  })
  notificationPreferences(@CurrentActor() actor: Actor) {
    return this.me.notificationPreferences(actor);
  }

  @Put('notification-preferences')
  @ApiOkResponse({ type: NotificationPreferencesResponse })
  @ApiOperation({
    summary: 'Sets my channels: `{ email: false }` leaves me in-app notices only',
    description:
      'Any signed-in person but an auditor (who changes nothing; an admin sets theirs with PATCH /directory/people/{id}). A service token has no person: 403. Logged in the directory change log.',
  })
  setNotificationPreferences(@CurrentActor() actor: Actor, @Body() body: NotificationPreferencesRequest) {
    return this.me.setNotificationPreferences(actor, body);
  }
}
