import { describe, expect, it } from 'vitest'
import { optionMark, outcome, pointsText } from '@/components/quiz/reviewMarks'

describe('optionMark', () => {
  it.each([
    ['A', ['A', 'C'], ['A'], 'chosen-right'],
    ['B', ['A', 'C'], ['A', 'B'], 'chosen-wrong'],
    ['C', ['A', 'C'], ['A'], 'key'],
    ['D', ['A', 'C'], ['A'], ''],
    ['a', ['A'], ['a'], 'chosen-right'],
    ['A', ['A'], undefined, 'key'],
    ['A', undefined, ['A'], 'chosen-wrong'],
  ])('%s with key %j and choice %j', (opt, key, chosen, want) => {
    expect(optionMark(opt, key, chosen)).toBe(want)
  })
})

describe('outcome', () => {
  it.each([
    [{ correct: true, score: 2 }, true, 'correct'],
    [{ correct: false, score: 1.2 }, true, 'partial'],
    [{ correct: false, score: 0 }, true, 'wrong'],
    [{ correct: null, score: null }, true, 'wrong'],
    [{ correct: false, score: 0 }, false, 'unanswered'],
    [{ correct: null, score: 1, pending: true }, true, 'pending'],
    [{ correct: null, score: 0, pending: true }, false, 'pending'],
  ])('%j answered=%s', (mark, answered, want) => {
    expect(outcome(mark, answered)).toBe(want)
  })
  it('counts every item once: the buckets of a paper add up to its length', () => {
    const items = [
      { m: { correct: true, score: 1 }, a: true },
      { m: { correct: false, score: 0.5 }, a: true },
      { m: { correct: false, score: 0 }, a: true },
      { m: { correct: false, score: 0 }, a: false },
      { m: { correct: null, score: 0, pending: true }, a: true },
    ]
    const counts: Record<string, number> = {}
    for (const it of items) {
      const o = outcome(it.m, it.a)
      counts[o] = (counts[o] ?? 0) + 1
    }
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(items.length)
    expect(counts).toEqual({ correct: 1, partial: 1, wrong: 1, unanswered: 1, pending: 1 })
  })
})

describe('pointsText', () => {
  it.each([
    [1.2, '1.2'],
    [2, '2'],
    [0.333333, '0.33'],
    [null, '0'],
  ])('%s', (n, want) => expect(pointsText(n)).toBe(want))
})
