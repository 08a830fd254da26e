import type { JudgingConfig } from '@/types/judging'

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

/** A sheet's total as the server computes it (weights, capped deductions). */
export function sheetTotal(config: JudgingConfig, scores: Record<string, number | null | undefined>): number {
  let micro = 0
  for (const c of config.rubric.criteria) {
    const v = scores[c.key]
    if (typeof v !== 'number' || !Number.isFinite(v)) continue
    const w = Math.round((c.weight || 1) * 100)
    micro += Math.round((Math.round(v * 1e6) * w) / 100)
  }
  return micro / 1e6
}

/** Why a value does not fit a criterion ('' when it does). */
export function rangeProblem(max: number, step: number | undefined, v: number | null | undefined): 'missing' | 'range' | 'step' | '' {
  if (v === null || v === undefined || !Number.isFinite(v)) return 'missing'
  if (v < 0 || v > max) return 'range'
  if (step && Math.round(v * 1e6) % Math.round(step * 1e6) !== 0) return 'step'
  return ''
}
