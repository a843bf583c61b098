import type { AuditActor } from '@plancycle/contracts';
import type { HolidayYear } from '@plancycle/domain';
import { z } from 'zod';
import type { Database } from '../database';
import type { Prisma } from '../generated/prisma/client';
import { parseStored } from '../stored-json';

const datesSchema = z.array(z.string());

/** Admins' calendars of holidays and 调休 days, one per year; every change in the directory's change log. */
export class CalendarRepository {
  constructor(private readonly db: Database) {}

  async overridesFor(years: number[]): Promise<HolidayYear[]> {
    const rows = await this.db.holidayCalendarYear.findMany({ where: { year: { in: years } }, orderBy: { year: 'asc' } });
    return rows.map(toHolidayYear);
  }

  /** Sets (or replaces) the calendar of a year, recording before and after. */
  async putOverride(actor: AuditActor, input: { year: number; holidays: string[]; makeUpWorkdays: string[] }): Promise<HolidayYear> {
    return this.db.$transaction(async (tx) => {
      const before = await tx.holidayCalendarYear.findUnique({ where: { year: input.year } });
      const data = {
        holidays: [...new Set(input.holidays)].sort(),
        makeUpWorkdays: [...new Set(input.makeUpWorkdays)].sort(),
        updatedBy: actor.id,
      };
      const row = await tx.holidayCalendarYear.upsert({ where: { year: input.year }, create: { year: input.year, ...data }, update: data });
      await tx.directoryChange.create({
        data: {
          actorId: actor.id,
          actorName: actor.name ?? actor.id,
          actorRole: actor.role,
          actorTokenId: actor.tokenId ?? null,
          action: before ? 'calendar_year.updated' : 'calendar_year.created',
          entity: 'calendar_year',
          entityId: String(input.year),
          before: before ? ({ holidays: before.holidays, makeUpWorkdays: before.makeUpWorkdays } as Prisma.InputJsonValue) : undefined,
          after: { holidays: data.holidays, makeUpWorkdays: data.makeUpWorkdays },
        },
      });
      return toHolidayYear(row);
    });
  }
}

function toHolidayYear(row: { year: number; holidays: unknown; makeUpWorkdays: unknown }): HolidayYear {
  return {
    year: row.year,
    holidays: parseStored({ schema: datesSchema, value: row.holidays, column: 'HolidayCalendarYear.holidays' }),
    makeUpWorkdays: parseStored({ schema: datesSchema, value: row.makeUpWorkdays, column: 'HolidayCalendarYear.makeUpWorkdays' }),
    source: 'override',
  };
}
