import { describe, expect, it } from 'vitest'
import { answered, answerText, chineseNumeral, citationText, clock, responseText } from '@/components/quiz/quizFormat'

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
