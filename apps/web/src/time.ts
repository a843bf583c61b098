import type { Language } from './i18n';

/** Every instant is shown in Beijing time, whatever the browser's own time zone. */
export const TIME_ZONE = 'Asia/Shanghai';

const formats = new Map<string, Intl.DateTimeFormat>();

/** `2026年3月31日 18:00` (zh) or `Mar 31, 2026, 18:00` (en), in Asia/Shanghai. */
export function formatInstant(iso: string | null | undefined, language: Language): string {
  if (!iso) return '—';
  const locale = language === 'zh' ? 'zh-CN' : 'en-GB';
  let format = formats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, {
      timeZone: TIME_ZONE,
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formats.set(locale, format);
  }
  return format.format(new Date(iso));
}
