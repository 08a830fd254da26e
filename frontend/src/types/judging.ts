// Judged contests (评审类比赛): the JSON of /api/v1/judging (quiz/judging).

export type JudgingKind = 'speech' | 'document' | 'debate'
export type JudgingStatus = 'draft' | 'open' | 'locked' | 'appeal' | 'published'
export type Method = 'mean' | 'trimmed' | 'sum'

export interface DeductionItem {
  key: string
  name: string
  points: number
}

export interface Criterion {
  key: string
  name: string
  max: number
  step?: number
  weight?: number
  deductions?: DeductionItem[]
  cap?: number
}

export interface Veto {
  key: string
  name: string
}

export interface Band {
  upto: number
  deduct: number
}

export interface Timing {
  limit: number
  warn?: number
  bands?: Band[]
}

export interface Rubric {
  criteria: Criterion[]
  vetoes?: Veto[]
  timing: Timing
}

export interface Aggregation {
  method: Method
  trim?: number
  precision: number
  veto?: 'any' | 'majority'
  tieKey?: string
  showPeers?: boolean
}

export interface Tier {
  name: string
  count?: number
  share?: number
}

export interface Judge {
  userId: number
  name: string
  unitId: number
  seat: number
  head?: boolean
}

export interface JudgingConfig {
  rubric: Rubric
  aggregation: Aggregation
  tiers?: Tier[]
  boundary?: 'expand' | 'shrink'
  panel: Judge[]
  conflicts?: { judgeId: number; entryId: number; reason: string; at: string }[]
  decisions?: Decision[]
  live?: boolean
}

/** A recorded tie decision: the tied entries in the decided order, with the reason. */
export interface Decision {
  order: number[]
  reason: string
}

export interface Stage {
  entryId?: number
  startedAt?: string
  revealed?: number[]
  ranking?: boolean
}

export interface JudgingContest {
  id: number
  kind: JudgingKind
  title: string
  status: JudgingStatus
  organizerId: number
  config: JudgingConfig
  stage: Stage
  version: number
  createdAt: string
  updatedAt: string
}

export interface JudgingSummary {
  id: number
  kind: JudgingKind
  title: string
  status: JudgingStatus
  panel: number
  owns: boolean
  isJudge: boolean
}

export interface Entry {
  id: number
  order: number
  name: string
  title: string
  unitId: number
  unit?: string
  /** a document appraisal's case type (案件类型); judges see it */
  category?: string
  seconds?: number
}

export interface VetoMark {
  key: string
  reason: string
}

export interface Sheet {
  contestId: number
  entryId: number
  judgeId: number
  scores: Record<string, number>
  marks?: Record<string, Record<string, number>>
  vetoes?: VetoMark[]
  comment?: string
  status: 'draft' | 'submitted' | 'reopened'
  version: number
  total: number
  at: string
}

export interface Mark {
  seat: number
  judgeId?: number
  total: number
  dropped?: boolean
  veto?: boolean
}

export interface Result {
  entryId: number
  sheets: number
  marks: Mark[] | null
  overtime?: number
  score: number
  display: string
  failed?: boolean
  vetoes?: string[]
  rank?: number
  tier?: string
  tieBy?: string
  pending?: string
}

export interface BoardEntry extends Entry {
  submitted: number[]
  revealed: boolean
  result?: Result
}

export interface Board {
  contestId: number
  title: string
  status: JudgingStatus
  version: number
  panel: number
  method: Method
  trim?: number
  precision: number
  timing: Timing
  stage: Stage
  serverTime: string
  onStage?: BoardEntry
  entries: BoardEntry[]
  ranking?: Result[]
}

export interface PadEntry extends Entry {
  recused?: string
  status?: Sheet['status']
  sheet?: Sheet
}

export interface Pad {
  contest: JudgingContest
  seat: number
  entries: PadEntry[]
}

export interface Draw {
  id: number
  contestId: number
  seed: string
  order: number[]
  actorId: number
  at: string
}

export interface Recused {
  judgeId: number
  entryId: number
  rule: 'own_unit' | 'declared'
  reason?: string
}

export interface Spread {
  entryId: number
  min: number
  q1: number
  median: number
  q3: number
  max: number
  n: number
}

export interface Severity {
  judgeId?: number
  seat: number
  deviation: number
  sheets: number
}

export interface Results {
  contest: JudgingContest
  entries: Entry[]
  results: Result[]
  spreads: Spread[]
  severity: Severity[]
}

export interface RowError {
  row: number
  errors: Record<string, string>
}

export interface SpeakerImport {
  entries: Entry[]
  errors: RowError[]
  imported: boolean
}

export interface Appeal {
  id: number
  entryId: number
  text: string
  outcome?: 'upheld' | 'rejected' | ''
  note?: string
  filedAt: string
}

export interface SheetInput {
  scores: Record<string, number>
  marks?: Record<string, Record<string, number>>
  vetoes?: VetoMark[]
  comment?: string
}

/** An award certificate of a published contest. */
export interface AwardCertificate {
  id: number
  contestId: number
  entryId: number
  code: string
  name: string
  unit?: string
  entryTitle?: string
  contestTitle: string
  tier: string
  rank: number
  score: string
  issuedAt: string
}

/** One step of the audit trail (GET …/trail). */
export interface TrailEvent {
  at: string
  action: 'submit' | 'reopen' | 'resubmit' | 'conflict' | 'draw' | 'appeal' | 'appeal_decided' | 'status' | 'config' | 'entries'
  actorId: number
  entryId?: number
  judgeId?: number
  version?: number
  reason?: string
  outcome?: 'upheld' | 'rejected'
  note?: string
  sheet?: Sheet
  appealId?: number
  drawSeed?: string
  drawOrder?: number[]
  // a status change, an edit or an entry replacement: each field before and after
  fields?: FieldChange[]
}

export interface FieldChange {
  field: string
  before: string
  after: string
}

export interface Trail {
  events: TrailEvent[]
  names: Record<string, string>
}
