import { describe, expect, it } from 'vitest'
import { defaultSpeechConfig, rangeProblem, sheetTotal } from '@/components/judging/defaults'
import { clock, elapsedSeconds, timerState } from '@/composables/useJudgingSocket'

describe('judge pad rules', () => {
  it('checks range and step like the server', () => {
    const cases: [number, number | undefined, number | null | undefined, string][] = [
      [40, 0.5, 35.5, ''],
      [40, 0.5, 0, ''],
      [40, 0.5, 40, ''],
      [40, 0.5, 40.5, 'range'],
      [40, 0.5, -1, 'range'],
      [40, 0.5, 35.3, 'step'],
      [10, 0.01, 9.99, ''],
      [10, undefined, 9.123, ''],
      [10, 0.5, null, 'missing'],
      [10, 0.5, undefined, 'missing'],
    ]
    for (const [max, step, v, want] of cases) expect(rangeProblem(max, step, v), `${v} of ${max}/${step}`).toBe(want)
  })
  it('adds weighted points without float drift', () => {
    const c = defaultSpeechConfig()
    expect(sheetTotal(c, { content: 35.5, language: 25.5, manner: 13, effect: 12.5 })).toBe(86.5)
    c.rubric.criteria[0]!.weight = 0.3
    expect(sheetTotal(c, { content: 0.5, language: null })).toBe(0.15)
  })
  it('colours the timer', () => {
    expect(timerState(0, 360, 60)).toBe('normal')
    expect(timerState(299, 360, 60)).toBe('normal')
    expect(timerState(300, 360, 60)).toBe('warn')
    expect(timerState(360, 360, 60)).toBe('over')
    expect(timerState(999, 0, 60)).toBe('normal')
    expect(clock(65)).toBe('1:05')
    expect(elapsedSeconds('0001-01-01T00:00:00Z', Date.now())).toBe(0)
    expect(elapsedSeconds(new Date(10_000).toISOString(), 75_500)).toBe(65)
  })
})
