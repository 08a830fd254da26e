import { computed } from 'vue'
import { createI18n } from 'vue-i18n'
import elEn from 'element-plus/es/locale/lang/en'
import elZhCn from 'element-plus/es/locale/lang/zh-cn'
import en from './locales/en'
import zhCN, { type MessageSchema } from './locales/zh-CN'

export const LOCALES = ['zh-CN', 'en'] as const
export type Locale = (typeof LOCALES)[number]
export const DEFAULT_LOCALE: Locale = 'zh-CN'
export const LOCALE_STORAGE_KEY = 'weishi.locale'

export const messages: Record<Locale, MessageSchema> = { 'zh-CN': zhCN, en }

export function isLocale(v: unknown): v is Locale {
  return typeof v === 'string' && (LOCALES as readonly string[]).includes(v)
}

/** The language chosen earlier on this browser, else Chinese. */
export function storedLocale(): Locale {
  try {
    const v = localStorage.getItem(LOCALE_STORAGE_KEY)
    if (isLocale(v)) return v
  } catch {
    /* storage may be blocked */
  }
  return DEFAULT_LOCALE
}

export const i18n = createI18n<[MessageSchema], Locale, false>({
  legacy: false,
  locale: storedLocale(),
  fallbackLocale: DEFAULT_LOCALE,
  messages,
  // A missing key is a bug: say so in the console in every build (vue-i18n
  // warns in development only), so the browser tests catch it.
  missing: (locale: string, key: string) => {
    console.warn(`[i18n] missing key "${key}" in ${locale}`)
  },
})

function applyDocumentLang(l: Locale): void {
  if (typeof document !== 'undefined') document.documentElement.lang = l
}
applyDocumentLang(i18n.global.locale.value)

/** Switches the language and remembers it on this browser. */
export function setLocale(l: Locale): void {
  i18n.global.locale.value = l
  applyDocumentLang(l)
  try {
    localStorage.setItem(LOCALE_STORAGE_KEY, l)
  } catch {
    /* not remembered; still switched */
  }
}

export const currentLocale = computed<Locale>(() => i18n.global.locale.value)

/** Element Plus's own strings (pagination, pickers…) follow the app language. */
export const elementLocale = computed(() => (currentLocale.value === 'en' ? elEn : elZhCn))
