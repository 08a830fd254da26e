import type { Criterion, JudgingConfig } from '@/types/judging'

/** A new speech contest starts from the common 100-point sheet (去掉一个最高分和一个最低分). */
export function defaultSpeechConfig(): JudgingConfig {
  return {
    rubric: {
      criteria: [
        { key: 'content', name: '演讲内容', max: 40, step: 0.5 },
        { key: 'language', name: '语言表达', max: 30, step: 0.5 },
        { key: 'manner', name: '形象风度', max: 15, step: 0.5 },
        { key: 'effect', name: '综合效果', max: 15, step: 0.5 },
      ],
      vetoes: [],
      timing: { limit: 360, warn: 60, bands: [{ upto: 30, deduct: 0.5 }, { upto: 0, deduct: 1 }] },
    },
    aggregation: { method: 'trimmed', trim: 1, precision: 2, veto: 'any', tieKey: 'content' },
    tiers: [
      { name: '一等奖', count: 1 },
      { name: '二等奖', count: 2 },
      { name: '三等奖', count: 3 },
    ],
    boundary: 'expand',
    panel: [],
    live: true,
  }
}

/** What the marks of one deduction criterion take off (judging.Deductions): capped, never below zero (扣完为止). */
export interface Deducted {
  off: number
  applied: number
  capped: boolean
  points: number
}

const micro = (v: number) => Math.round(v * 1e6)

export function deducted(c: Criterion, marks: Record<string, number | null | undefined> | undefined): Deducted {
  let off = 0
  for (const it of c.deductions ?? []) {
    const n = marks?.[it.key]
    if (typeof n === 'number' && Number.isFinite(n) && n > 0) off += micro(it.points) * Math.floor(n)
  }
  const limit = micro(c.cap && c.cap > 0 ? c.cap : c.max)
  const applied = Math.min(off, limit)
  return { off: off / 1e6, applied: applied / 1e6, capped: off > limit, points: (micro(c.max) - applied) / 1e6 }
}

/** A sheet's total as the server computes it (weights, capped deductions). */
export function sheetTotal(
  config: JudgingConfig,
  scores: Record<string, number | null | undefined>,
  marks?: Record<string, Record<string, number | null | undefined>>,
): number {
  let total = 0
  for (const c of config.rubric.criteria) {
    let pts: number
    if (c.deductions?.length) {
      pts = micro(deducted(c, marks?.[c.key]).points)
    } else {
      const v = scores[c.key]
      if (typeof v !== 'number' || !Number.isFinite(v)) continue
      pts = micro(v)
    }
    const w = Math.round((c.weight || 1) * 100)
    total += Math.floor((pts * w + 50) / 100)
  }
  return total / 1e6
}

/** One line per deduction criterion of a sheet: "着装不整×2（−4）；迟到×1（−0.5）". */
export function deductionText(config: JudgingConfig, marks: Record<string, Record<string, number>> | undefined): string {
  const out: string[] = []
  for (const c of config.rubric.criteria) {
    if (!c.deductions?.length) continue
    const row = marks?.[c.key] ?? {}
    const parts = c.deductions.filter((it) => (row[it.key] ?? 0) > 0).map((it) => {
      const n = row[it.key] ?? 0
      return `${it.name}×${n}（−${micro(it.points * n) / 1e6}）`
    })
    if (parts.length) out.push(`${c.name}：${parts.join('；')}`)
  }
  return out.join(' / ')
}

/** Why a value does not fit a criterion ('' when it does). */
export function rangeProblem(max: number, step: number | undefined, v: number | null | undefined): 'missing' | 'range' | 'step' | '' {
  if (v === null || v === undefined || !Number.isFinite(v)) return 'missing'
  if (v < 0 || v > max) return 'range'
  if (step && Math.round(v * 1e6) % Math.round(step * 1e6) !== 0) return 'step'
  return ''
}
