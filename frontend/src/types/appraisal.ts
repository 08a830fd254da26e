import type { Judge, JudgingStatus, Recused, Rubric, Severity } from './judging'

export interface AppraisalFile {
  id: string
  name: string
  kind: 'pdf' | 'docx' | 'png' | 'jpeg'
  size: number
  sha256?: string
  /** a DOCX's conversion to PDF: done (view /pdf), pending, failed, unavailable (download only) */
  conversion?: 'pending' | 'done' | 'failed' | 'unavailable'
}

/** A document with its identity (organizers; everyone after the reveal). */
export interface AppraisalDocument {
  entryId: number
  code: string
  unitId: number
  unit: string
  caseNo: string
  caseType: string
  officers: string[]
  files: AppraisalFile[]
}

/** The only shape a judge gets before the reveal. */
export interface BlindDocument {
  entryId: number
  code: string
  caseType: string
  files: AppraisalFile[]
}

export interface JudgeView {
  contestId: number
  title: string
  status: JudgingStatus
  rubric: Rubric
  documents: BlindDocument[]
}

export interface Group {
  key: string
  name: string
  criteria: string[]
}

export interface GradeBand {
  grade: string
  min: number
}

export interface Standard {
  version: number
  groups: Group[]
  rubric: Rubric
  bands: GradeBand[]
  fail: string
}

export interface Assignment {
  seed: number | string
  k: number
  reviews: Record<string, number[]>
}

export interface AssignmentView {
  assignment: Assignment
  seed: string
  loads: Record<string, number>
  recusals: Recused[]
  judges: Judge[]
  documents: AppraisalDocument[]
  submitted: { entryId: number; judgeId: number }[]
  dropped: number[]
  revealed?: Reveal
}

export interface UnitAppraisal {
  contestId: number
  title: string
  status: JudgingStatus
  documents: AppraisalDocument[]
}

export interface Winner {
  tier: string
  rank: number
  code: string
  unit: string
  caseNo: string
  score: number
  display: string
  grade: string
}

export interface Problem {
  key: string
  criterion?: string
  name: string
  count: number
  share: number
  points?: number
  remark?: string
}

export interface BulletinData {
  title: string
  documents: number
  sheets: number
  judges: number
  grades: string[]
  winners: Winner[]
  units: { unitId: number; unit: string; documents: number; grades: Record<string, number> }[]
  /** documents with a case type, by type and grade */
  caseTypes?: { caseType: string; documents: number; grades: Record<string, number> }[]
  deductions: Problem[]
  vetoes: Problem[]
  severity: Severity[]
}

export interface Section {
  heading: string
  body: string
}

export interface Bulletin {
  contestId: number
  title: string
  sections: Section[]
  version: number
  publishedAt?: string
  updatedAt: string
  data: BulletinData
}

export interface Reveal {
  contestId: number
  actorId: number
  sheets: number
  at: string
}
