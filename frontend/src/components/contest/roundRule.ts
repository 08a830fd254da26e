// The scoring rule of a round in words, for the big screen's round intro
// (docs/live-protocol.md, Scoring). Pure: tested in tests/contest.test.ts.

import type { RoundView } from '@/types/contest'

type T = (key: string, values?: Record<string, unknown>) => string

/** One line per rule of the round, in the order a host would read them. */
export function roundRule(r: RoundView, t: T): string[] {
  const out: string[] = []
  const p = r.points
  switch (r.kind) {
    case 'everyone': {
      const share = r.minShare ?? (r.scoring === 'kahoot' ? 50 : 0)
      if (!r.scoring || r.scoring === 'fixed') out.push(t('contest.rule.fixed', { p }))
      else out.push(t('contest.rule.speed', { p, min: Math.round((p * share) / 100), share, s: r.timeLimit ?? 20 }))
      if (r.streak) out.push(t('contest.rule.streak', { step: Math.round(p / 10), max: Math.round(p / 2) }))
      if (r.aggregate === 'mean') out.push(t('contest.rule.mean'))
      if (r.aggregate === 'sum') out.push(t('contest.rule.sum'))
      out.push(r.autoReveal ? t('contest.rule.autoReveal') : t('contest.rule.hidden'))
      break
    }
    case 'risk':
      out.push(t('contest.rule.risk', { values: (r.riskValues ?? []).join(' / ') }))
      break
    case 'buzzer':
    case 'tiebreak':
      out.push(r.deduct ? t('contest.rule.rightWrong', { p, d: r.deduct }) : t('contest.rule.right', { p }))
      if (r.rebound || r.kind === 'tiebreak') out.push(t('contest.rule.rebound'))
      if (r.falseStart) out.push(t(`contest.rule.fs.${r.falseStart}`))
      break
    default:
      out.push(r.deduct ? t('contest.rule.rightWrong', { p, d: r.deduct }) : t('contest.rule.right', { p }))
  }
  return out
}

/** Rank changes between two rankings: side → places moved up (negative: down). */
export function rankMoves(before: Map<number, number>, rows: { side: number; rank: number }[]): Map<number, number> {
  const out = new Map<number, number>()
  for (const r of rows) {
    const b = before.get(r.side)
    if (b !== undefined && b !== r.rank) out.set(r.side, b - r.rank)
  }
  return out
}
