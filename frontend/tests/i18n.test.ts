import { describe, expect, it } from 'vitest'
import {
  DEFAULT_LOCALE,
  i18n,
  LOCALES,
  LOCALE_STORAGE_KEY,
  currentLocale,
  elementLocale,
  messages,
  setLocale,
  storedLocale,
} from '@/i18n'
import { UNIT_KINDS } from '@/types/unit'
import { ROLES } from '@/types/user'

type Tree = { [key: string]: string | Tree }

/** key path → message, for every leaf. */
function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [k, v] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${k}` : k
    if (typeof v === 'string') out.set(path, v)
    else for (const [pk, pv] of flatten(v, path)) out.set(pk, pv)
  }
  return out
}

function placeholders(msg: string): string[] {
  return [...new Set([...msg.matchAll(/\{\s*(\w+)\s*\}/g)].map((m) => m[1]!))].sort()
}

const zh = flatten(messages['zh-CN'] as unknown as Tree)
const en = flatten(messages.en as unknown as Tree)

describe('locale files', () => {
  it('zh-CN is the default', () => {
    expect(DEFAULT_LOCALE).toBe('zh-CN')
    expect(LOCALES).toEqual(['zh-CN', 'en'])
  })

  it('en and zh-CN have exactly the same keys', () => {
    const missingInEn = [...zh.keys()].filter((k) => !en.has(k))
    const missingInZh = [...en.keys()].filter((k) => !zh.has(k))
    expect(missingInEn, 'keys missing in en').toEqual([])
    expect(missingInZh, 'keys missing in zh-CN').toEqual([])
    expect(zh.size).toBeGreaterThan(100)
  })

  it('no message is empty', () => {
    for (const [locale, map] of [['zh-CN', zh], ['en', en]] as const) {
      const empty = [...map].filter(([, v]) => v.trim() === '').map(([k]) => k)
      expect(empty, `empty messages in ${locale}`).toEqual([])
    }
  })

  it('each message uses the same placeholders in both languages', () => {
    const differ = [...zh.keys()]
      .filter((k) => en.has(k))
      .filter((k) => placeholders(zh.get(k)!).join() !== placeholders(en.get(k)!).join())
    expect(differ).toEqual([])
  })

  it('has a label for every role, unit kind, error code and language', () => {
    const codes = [
      'invalid',
      'unauthorized',
      'forbidden',
      'not_found',
      'conflict',
      'rate_limited',
      'csrf',
      'password_change_required',
      'too_large',
      'internal',
    ]
    const needed = [
      ...ROLES.map((r) => `roles.${r}`),
      ...UNIT_KINDS.map((k) => `unitKinds.${k}`),
      ...codes.map((c) => `errors.${c}`),
      ...LOCALES.map((l) => `lang.${l}`),
    ]
    expect(needed.filter((k) => !zh.has(k))).toEqual([])
  })
})

describe('source uses only existing keys', () => {
  const sources = import.meta.glob<string>(['/src/**/*.vue', '/src/**/*.ts', '!/src/api/**', '!/src/i18n/**'], {
    query: '?raw',
    import: 'default',
    eager: true,
  })
  const namespaces = Object.keys(messages['zh-CN']).join('|')
  // Single quotes and backticks only: double quotes delimit template
  // attributes such as :loading="units.loading", which are not keys.
  const literal = new RegExp(`['\`]((?:${namespaces})\\.[\\w.-]+)['\`]`, 'g')

  it('finds source files', () => {
    expect(Object.keys(sources).length).toBeGreaterThan(10)
  })

  it('every literal key in src exists', () => {
    const unknown: string[] = []
    for (const [file, text] of Object.entries(sources)) {
      for (const m of text.matchAll(literal)) {
        if (!zh.has(m[1]!)) unknown.push(`${file}: ${m[1]}`)
      }
    }
    expect(unknown).toEqual([])
  })
})

describe('language choice', () => {
  it('is applied, remembered, and drives the Element Plus locale', () => {
    setLocale('en')
    expect(currentLocale.value).toBe('en')
    expect(localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('en')
    expect(storedLocale()).toBe('en')
    expect(document.documentElement.lang).toBe('en')
    expect(elementLocale.value.name).toBe('en')

    setLocale('zh-CN')
    expect(storedLocale()).toBe('zh-CN')
    expect(elementLocale.value.name).toBe('zh-cn')
  })

  it('ignores a stored value that is not a supported locale', () => {
    localStorage.setItem(LOCALE_STORAGE_KEY, 'fr')
    expect(storedLocale()).toBe('zh-CN')
  })
})

describe('plural messages', () => {
  it('choose the form by count in English and use the one form in Chinese', () => {
    const { t } = i18n.global
    setLocale('en')
    expect(t('units.userCount', { n: 1 }, 1)).toBe('1 user')
    expect(t('units.userCount', { n: 3 }, 3)).toBe('3 users')
    expect(t('units.userCount', { n: 0 }, 0)).toBe('0 users')
    setLocale('zh-CN')
    expect(t('units.userCount', { n: 1 }, 1)).toBe('1 人')
    expect(t('units.userCount', { n: 3 }, 3)).toBe('3 人')
  })
})
