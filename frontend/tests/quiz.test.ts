import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import {
  answered,
  importPercent,
  answerText,
  chineseNumeral,
  citationText,
  clock,
  holdText,
  mayChangeBank,
  mayManagePaper,
  responseText,
  when,
} from '@/components/quiz/quizFormat'
import { messages } from '@/i18n'
import type { KeyHold } from '@/types/quiz'

describe('quiz formatting', () => {
  it.each([
    [1, '一'],
    [10, '十'],
    [15, '十五'],
    [20, '二十'],
    [23, '二十三'],
    [100, '一百'],
    [105, '一百零五'],
    [110, '一百一十'],
  ])('writes article %i as %s', (n, want) => {
    expect(chineseNumeral(n)).toBe(want)
  })

  it('writes a citation the way it is read', () => {
    expect(citationText({ lawId: 1, lawName: '行政处罚法', versionId: 2, versionLabel: '2021年修订', article: 67, paragraph: 3 })).toBe(
      '《行政处罚法》（2021年修订）第六十七条第三款',
    )
    expect(citationText(null)).toBe('')
  })

  it('writes keys and responses per type', () => {
    expect(answerText('multiple', { choices: ['A', 'C'] }, '正确', '错误')).toBe('AC')
    expect(answerText('truefalse', { true: false }, '正确', '错误')).toBe('错误')
    expect(answerText('fill', { blanks: [['十五日', '15日'], ['罚款']] }, '正确', '错误')).toBe('十五日 / 15日；罚款')
    expect(responseText('multiple', { choices: ['C', 'A'] }, '正确', '错误')).toBe('AC')
    expect(responseText('single', null, '正确', '错误')).toBe('')
  })

  it.each([
    [null, false],
    [{}, false],
    [{ blanks: ['', ' '] }, false],
    [{ blanks: ['', 'x'] }, true],
    [{ choices: ['A'] }, true],
    [{ true: false }, true],
    [{ text: '  ' }, false],
  ])('answered(%j) is %s', (r, want) => {
    expect(answered(r)).toBe(want)
  })

  it.each([
    [0, '00:00'],
    [59, '00:59'],
    [600, '10:00'],
    [3725, '1:02:05'],
    [-3, '00:00'],
  ])('clock(%i) is %s', (s, want) => {
    expect(clock(s)).toBe(want)
  })
})

describe('import progress', () => {
  it.each([
    ['preview', { stage: 'upload', done: 0, total: 0 }, 0],
    ['preview', { stage: 'upload', done: 50, total: 100 }, 8],
    ['preview', { stage: 'reading', done: 0, total: 0 }, 15],
    ['preview', { stage: 'checking', done: 5000, total: 10000 }, 58],
    ['preview', { stage: 'done', done: 10000, total: 10000 }, 100],
    ['import', { stage: 'checking', done: 10000, total: 10000 }, 70],
    ['import', { stage: 'writing', done: 2500, total: 10000 }, 78],
    ['import', { stage: 'writing', done: 20000, total: 10000 }, 100],
  ] as const)('%s at %j is %i%%', (mode, p, want) => {
    expect(importPercent(mode, p)).toBe(want)
  })
  it('never goes backwards through the phases of an import', () => {
    const seq = [
      importPercent('import', { stage: 'upload', done: 1, total: 1 }),
      importPercent('import', { stage: 'reading', done: 0, total: 0 }),
      importPercent('import', { stage: 'checking', done: 0, total: 10 }),
      importPercent('import', { stage: 'checking', done: 10, total: 10 }),
      importPercent('import', { stage: 'writing', done: 0, total: 10 }),
      importPercent('import', { stage: 'done', done: 10, total: 10 }),
    ]
    expect([...seq].sort((a, b) => a - b)).toEqual(seq)
  })
})

describe('held notebook entries', () => {
  const zh = createI18n({ legacy: false, locale: 'zh-CN', messages }).global
  const english = createI18n({ legacy: false, locale: 'en', messages }).global
  const until = '2026-06-01T03:00:00Z'
  it.each([
    [{ reason: 'after_close', paperId: 1, paperTitle: '版权测验', until } as KeyHold, '答案将在', '后公布', 'The key is shown after'],
    [{ reason: 'not_done', paperId: 1, paperTitle: '版权测验', until } as KeyHold, '完成测验“版权测验”后或', '后公布', 'after you take the quiz'],
    [{ reason: 'not_done', paperId: 1, paperTitle: '版权测验' } as KeyHold, '完成测验“版权测验”后公布', '', 'after you take the quiz'],
    [{ reason: 'open_attempt', paperId: 1, paperTitle: '版权测验' } as KeyHold, '交卷后公布', '', 'after you submit'],
    [{ reason: 'never', paperId: 1, paperTitle: '版权测验' } as KeyHold, '不公布答案', '', 'does not show its key'],
  ])('says when the key of a %o hold is shown', (h, zhStart, zhEnd, enText) => {
    const z = holdText(h, zh.t, 'zh-CN')
    expect(z).toContain(zhStart)
    expect(z).toContain(zhEnd)
    expect(z).toContain('版权测验')
    if (h.until) expect(z).toContain(when(h.until, 'zh-CN'))
    const e = holdText(h, english.t, 'en')
    expect(e).toContain(enText)
    if (h.until) expect(e).toContain(when(h.until, 'en'))
    expect(z).not.toMatch(/quiz\.notebook/)
    expect(e).not.toMatch(/quiz\.notebook/)
  })
})

describe('ownership of papers and banks', () => {
  const owner = { id: 7, roles: ['organizer', 'staff'] }
  const other = { id: 8, roles: ['organizer'] }
  const admin = { id: 1, roles: ['admin'] }
  const staff = { id: 9, roles: ['staff'] }
  it.each([
    ['owner', owner, 7, true],
    ['another organizer', other, 7, false],
    ['admin', admin, 7, true],
    ['staff', staff, 9, false],
    ['nobody signed in', null, 7, false],
    ['an organizer, paper without owner', owner, 0, false],
    ['an admin, paper without owner', admin, 0, true],
  ] as const)('paper: %s', (_, me, createdBy, want) => {
    expect(mayManagePaper({ createdBy }, me)).toBe(want)
  })
  it.each([
    ['owner', owner, 7, true],
    ['another organizer', other, 7, false],
    ['another organizer, shared bank', other, 0, true],
    ['admin', admin, 7, true],
    ['staff, shared bank', staff, 0, false],
  ] as const)('bank: %s', (_, me, createdBy, want) => {
    expect(mayChangeBank({ createdBy }, me)).toBe(want)
  })
})
