import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import { en, zh } from './messages';

export type Language = 'zh' | 'en';
export type MessageKey = keyof typeof zh;
const dictionaries: Record<Language, Record<MessageKey, string>> = { zh, en };
const LANGUAGE_KEY = 'plancycle.language';

interface I18n {
  language: Language;
  setLanguage(language: Language): void;
  t(key: MessageKey, values?: Record<string, string | number>): string;
  /** The words for a key built from the API's vocabulary (`action.${action}`), or null when the console has none. */
  lookup(key: string): string | null;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(() => (localStorage.getItem(LANGUAGE_KEY) === 'en' ? 'en' : 'zh'));
  const value = useMemo<I18n>(
    () => ({
      language,
      setLanguage(next) {
        localStorage.setItem(LANGUAGE_KEY, next);
        document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
        setLanguageState(next);
      },
      t(key, values) {
        const text = dictionaries[language][key];
        return values ? text.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? '')) : text;
      },
      lookup(key) {
        const words: Record<string, string> = dictionaries[language];
        return Object.hasOwn(words, key) ? (words[key] ?? null) : null;
      },
    }),
    [language],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const context = useContext(I18nContext);
  if (!context) throw new Error('useI18n outside I18nProvider');
  return context;
}
