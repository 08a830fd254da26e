/** Kinds of bank-health findings, in display order (quiz.FindingKinds). */
export const FINDING_KINDS = [
  'stem_leak',
  'cross_leak',
  'all_correct',
  'longest_key',
  'thin_explanation',
  'duplicate',
  'outdated_citation',
  'never_answered',
  'extreme_statistics',
  'key_imbalance',
  'truefalse_skew',
  'longest_pattern',
] as const
export type FindingKind = (typeof FINDING_KINDS)[number]

export interface Dismissal {
  key: string
  reason: string
  by: number
  byName?: string
  at: string
}

export interface Finding {
  key: string
  kind: FindingKind
  /** 0 or absent for a bank-wide pattern. */
  questionId?: number
  stem?: string
  otherId?: number
  otherStem?: string
  detail: string
  dismissal?: Dismissal
}

export interface HealthPatterns {
  keys: Record<string, Record<string, number>>
  true: number
  false: number
  multiple: number
  allCorrect: number
  single: number
  longestKey: number
}

export interface HealthReport {
  questions: number
  findings: Finding[]
  counts: Partial<Record<FindingKind, number>>
  dismissed: Partial<Record<FindingKind, number>>
  patterns: HealthPatterns
}
