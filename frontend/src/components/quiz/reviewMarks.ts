// How the review of an answered question is marked.

export type OptionMark = 'chosen-right' | 'chosen-wrong' | 'key' | ''

/**
 * An option's mark: chosen and in the key → chosen-right (green with ✓),
 * chosen but not in the key → chosen-wrong (red), in the key but not
 * chosen → key (green outline), neither → none.
 */
export function optionMark(option: string, key: readonly string[] | undefined, chosen: readonly string[] | undefined): OptionMark {
  const inKey = (key ?? []).some((k) => k.toUpperCase() === option.toUpperCase())
  const picked = (chosen ?? []).some((c) => c.toUpperCase() === option.toUpperCase())
  if (picked) return inKey ? 'chosen-right' : 'chosen-wrong'
  return inKey ? 'key' : ''
}

export type Outcome = 'correct' | 'partial' | 'wrong' | 'pending' | 'unanswered'

/** One item's outcome from its mark, the way the server counts it (quiz/tally.go). */
export function outcome(mark: { correct: boolean | null; score: number | null; pending?: boolean }, answered: boolean): Outcome {
  if (mark.pending) return 'pending'
  if (!answered) return 'unanswered'
  if (mark.correct) return 'correct'
  if ((mark.score ?? 0) > 0) return 'partial'
  return 'wrong'
}

/** Points as text: 1.2, 2, 0.5. */
export function pointsText(n: number | null | undefined): string {
  return String(Math.round((n ?? 0) * 100) / 100)
}
