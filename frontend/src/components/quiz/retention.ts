import type { NotebookEntry } from '@/types/quiz'

// FSRS-4.5's forgetting curve (quiz/fsrs.go): R(t, S) = (1 + F·t/S)^−0.5.
const FACTOR = 19 / 81
const DAY = 86_400_000

/** The probability of recall t days after the last review at stability s. */
export function retrievability(t: number, s: number): number {
  if (s <= 0) return 0
  return Math.pow(1 + (FACTOR * Math.max(0, t)) / s, -0.5)
}

export interface LawCurve {
  law: string
  points: number[]
}

/**
 * The mean predicted recall of each law's open, scheduled entries for each
 * of the next `days` days (day 0 is now), laws in name order. Entries whose
 * law is unknown (a held key) or that were never reviewed are left out.
 */
export function retentionByLaw(entries: NotebookEntry[], now: number, days: number): LawCurve[] {
  const byLaw = new Map<string, NotebookEntry[]>()
  for (const e of entries) {
    const law = e.question.citation?.lawName
    if (!law || e.mastered || !e.card?.lastReview || !(e.card.stability > 0)) continue
    byLaw.set(law, [...(byLaw.get(law) ?? []), e])
  }
  return [...byLaw.keys()].sort().map((law) => {
    const es = byLaw.get(law)!
    const points = Array.from({ length: days + 1 }, (_, d) => {
      const sum = es.reduce((acc, e) => {
        const elapsed = (now - Date.parse(e.card.lastReview!)) / DAY + d
        return acc + retrievability(elapsed, e.card.stability)
      }, 0)
      return Math.round((sum / es.length) * 1000) / 1000
    })
    return { law, points }
  })
}
