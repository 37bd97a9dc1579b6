import { z } from 'zod';

/** The two languages every user-visible text exists in. */
export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const localeSchema = z.enum(LOCALES);

/** A text in both languages, as flows and the catalog carry it. */
export const textSchema = z.object({ 'zh-CN': z.string().min(1), en: z.string().min(1) }).strict();
export type Text = z.infer<typeof textSchema>;

/** Picks the locale's variant and fills `{name}` placeholders. */
export function localize(text: Text, locale: Locale, params: Record<string, string | number> = {}): string {
  return text[locale].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** A text given in both languages, Chinese first (how catalogs write their entries). */
export const textIn = (zh: string, en: string): Text => ({ 'zh-CN': zh, en });
