import { Body, Controller, Get, Inject, Param, ParseIntPipe, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiDefaultResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
import { DomainError, holidayYearRequestSchema, type Actor } from '@plancycle/contracts';
import { holidayCalendarFor, holidayYearProblems } from '@plancycle/domain';
import type { Repositories } from '@plancycle/persistence';
import { AllowRoles, CurrentActor } from '../auth/auth.decorators';
import { auditActor } from '../common/actor-ref';
import { REPOSITORIES } from '../common/tokens';
import { ErrorResponse, HolidayYearResponse } from '../openapi/response-schemas';

class HolidayYearRequest extends createZodDto(holidayYearRequestSchema) {}

function yearOrThrow(year: number): number {
  if (year < 2000 || year > 2100) {
    throw new DomainError({
      code: 'VALIDATION_FAILED',
      message: 'no such year',
      issues: [{ path: 'year', message: 'expected a year from 2000 to 2100' }],
    });
  }
  return year;
}

/**
 * The working-day calendar: statutory holidays and 调休 days per year, from the data package
 * (chinese-days) unless an admin has set the year. Cycles pin the calendar when published.
 */
@ApiTags('calendar')
@ApiBearerAuth()
@ApiDefaultResponse({ type: ErrorResponse, description: 'an error' })
@Controller('calendar')
export class CalendarController {
  constructor(@Inject(REPOSITORIES) private readonly repos: Repositories) {}

  @Get('years/:year')
  @AllowRoles('admin', 'coordinator', 'auditor')
  @ApiOkResponse({ type: HolidayYearResponse })
  @ApiOperation({ summary: 'A year’s holidays and 调休 working days, and where they come from (override, chinese-days, weekends-only)' })
  async year(@Param('year', ParseIntPipe) year: number) {
    const overrides = await this.repos.calendar.overridesFor([yearOrThrow(year)]);
    const [found] = holidayCalendarFor({ years: [year], overrides }).years;
    return found;
  }

  @Put('years/:year')
  @AllowRoles('admin')
  @ApiOkResponse({ type: HolidayYearResponse })
  @ApiOperation({
    summary:
      'Set a year’s holidays and 调休 working days (for a year the data package does not have, or to correct it); cycles published after it count with it',
  })
  put(@CurrentActor() actor: Actor, @Param('year', ParseIntPipe) year: number, @Body() body: HolidayYearRequest) {
    const problems = holidayYearProblems(yearOrThrow(year), body);
    if (problems.length > 0)
      throw new DomainError({ code: 'VALIDATION_FAILED', message: 'the calendar is not one of that year', issues: problems });
    return this.repos.calendar.putOverride(auditActor(actor), { year, ...body });
  }
}
