import { describe, expect, it } from 'vitest'
import type { NotebookEntry } from '@/types/quiz'
import { retentionByLaw, retrievability } from '@/components/quiz/retention'

const now = Date.parse('2026-03-10T00:00:00Z')
function entry(law: string | undefined, s: number, lastReview: string | undefined, mastered = false): NotebookEntry {
  return {
    question: { id: 1, revision: 1, type: 'single', stem: 'x', domains: [], difficulty: 3, status: 'active', citation: law ? { lawName: law } : undefined },
    wrongCount: 1, streak: 0, mastered, lastSource: 'quiz', lastResponse: {}, lastWrongAt: '', dueToday: false,
    card: { stability: s, difficulty: 5, reps: 1, lapses: 0, interval: 1, lastReview },
  } as unknown as NotebookEntry
}

describe('retention', () => {
  it('follows the FSRS forgetting curve', () => {
    expect(retrievability(0, 5)).toBe(1)
    expect(retrievability(5, 5)).toBeCloseTo(0.9, 10)
    expect(retrievability(45, 5)).toBeCloseTo(0.5669467, 6)
    expect(retrievability(3, 0)).toBe(0)
  })
  it('averages per law, skipping mastered, unscheduled and held entries', () => {
    const curves = retentionByLaw(
      [
        entry('著作权法', 5, '2026-03-10T00:00:00Z'),
        entry('著作权法', 5, '2026-03-05T00:00:00Z'),
        entry('行政处罚法', 10, '2026-03-10T00:00:00Z'),
        entry('行政处罚法', 10, '2026-03-10T00:00:00Z', true),
        entry(undefined, 3, '2026-03-10T00:00:00Z'),
        entry('文物保护法', 3, undefined),
      ],
      now,
      5,
    )
    expect(curves.map((c) => c.law)).toEqual(['著作权法', '行政处罚法'].sort())
    const copyright = curves.find((c) => c.law === '著作权法')!
    expect(copyright.points).toHaveLength(6)
    expect(copyright.points[0]).toBeCloseTo((1 + 0.9) / 2, 3)
    expect(copyright.points[5]).toBeCloseTo((0.9 + retrievability(10, 5)) / 2, 3)
    const penalty = curves.find((c) => c.law === '行政处罚法')!
    expect(penalty.points[0]).toBe(1)
    expect(penalty.points.every((p, i) => i === 0 || p < penalty.points[i - 1]!)).toBe(true)
  })
})
