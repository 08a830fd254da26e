/** The year's programme (issue 16): mirrors courses/programme. */
export type Area = 'law' | 'market' | 'emergency' | 'coordination' | 'study' | 'innovation'
export const AREAS: Area[] = ['law', 'market', 'emergency', 'coordination', 'study', 'innovation']
export type Evidence = 'document' | 'batch' | 'paper' | 'contest' | 'judging' | 'report'
export const EVIDENCE: Evidence[] = ['document', 'batch', 'paper', 'contest', 'judging', 'report']
export type TaskStatus = 'open' | 'done' | 'returned'
export type Metric = 'attendance' | 'hours' | 'quiz' | 'tasks' | 'contest'

export interface ProgrammeTask {
  id: number
  year: number
  area: Area
  title: string
  description: string
  phase: string
  dueOn: string
  evidence: Evidence
  linkId?: number
  target: number
  unitIds: number[]
}

export interface TaskInput {
  year: number
  area: Area
  title: string
  description: string
  dueOn: string
  evidence: Evidence
  linkId: number
  target: number
  unitIds: number[]
}

export interface UnitTask {
  taskId: number
  unitId: number
  unitName: string
  status: TaskStatus
  source: string
  doneAt: string | null
  fileId?: number
  fileName?: string
  note: string
  review: string
  measured: number
  overdue: boolean
  task: ProgrammeTask
}

export interface ProgrammeFile {
  id: number
  name: string
  kind: string
  size: number
  unitId: number
}

export interface Report {
  id: number
  year: number
  title: string
  authors: string
  unitId: number
  unitName: string
  abstract: string
  fileId: number
  fileName: string
  outstanding: boolean
  appraisalId: number // the document appraisal it was sent to (0: not sent)
  appraisalEntryId: number
  createdAt: string
}

export interface Announcement {
  id: number
  title: string
  body: string
  unitIds: number[]
  publishedAt: string
  read: boolean
}

export interface Receipt {
  unitId: number
  unitName: string
  staff: number
  read: number
  unread: string[]
}

export interface UnitFigures {
  unitId: number
  unitName: string
  staff: number
  tasksAssigned: number
  tasksDone: number
  tasksOverdue: number
  expected: number
  attended: number
  absent: number
  attendanceRate: number
  hours: number
  enrolled: number // people enrolled in a class with a session in the range (hours are per them)
  hoursPerPerson: number
  trained: number
  participants: number
  quizAssigned: number
  quizSubmitted: number
  quizPassed: number
  quizPassRate: number
  quizAvg: number
  contests: number
  bestPlace: number
  contestPoints: number
}

export interface AreaProgress {
  area: Area
  name: string
  assigned: number
  done: number
  overdue: number
}

export interface Placing {
  rank: number
  name: string
  unitId: number
  unitName: string
  tier: string
}

export interface ContestResult {
  kind: string
  id: number
  title: string
  at: string
  sides: number
  podium: Placing[]
}

export interface Snapshot {
  from: string
  to: string
  asOf: string
  units: UnitFigures[]
  areas: AreaProgress[]
  contests: ContestResult[]
  total: UnitFigures
}

export interface Month {
  month: string
  expected: number
  attended: number
  attendanceRate: number
  hours: number
  quizSubmitted: number
  tasksDone: number
}

export interface Overview extends Snapshot {
  year: number
  trend: Month[]
}

export interface Row {
  userId?: number
  person?: string
  unitId: number
  unitName: string
  what: string
  at?: string
  status: string
  value: number
}

export interface RowPage {
  metric: Metric
  total: number
  rows: Row[]
}

export interface RecordLine {
  title: string
  at: string | null
  detail: string
  value: number
}

export interface PersonalRecord {
  userId: number
  name: string
  unitName: string
  year: number
  hours: number
  sessions: number
  absences: number
  certificates: RecordLine[]
  quizzes: RecordLine[]
  contests: RecordLine[]
  awards: RecordLine[]
}

export interface Bulletin {
  id: number
  title: string
  fromOn: string
  toOn: string
  body: string
  data: Snapshot
  status: 'draft' | 'published'
  createdAt: string
  updatedAt: string
  publishedAt: string | null
}

export interface Weights {
  tasks: number
  participation: number
  attendance: number
  quiz: number
  contest: number
  cap: number
}

export type Component = 'tasks' | 'participation' | 'attendance' | 'quiz' | 'contest'
export const COMPONENTS: Component[] = ['tasks', 'participation', 'attendance', 'quiz', 'contest']

export interface Ranked {
  unitId: number
  unitName: string
  staff: number
  tasks: number
  participation: number
  attendance: number
  quiz: number
  contest: number
  rank: number
  score: number
  points: Record<Component, number>
}

export interface Ranking {
  year: number
  weights: Weights
  units: Ranked[]
}

export interface Candidate {
  userId: number
  name: string
  unitId: number
  unitName: string
  hours: number
  quizAvg: number
  placings: number
  score: number
}

export interface Decision {
  decision: 'approved' | 'rejected'
  actorId: number
  actorName: string
  reason: string
  at: string
}

export interface Nomination {
  id: number
  year: number
  userId: number
  name: string
  unitId: number
  unitName: string
  source: 'unit' | 'data'
  reason: string
  status: 'pending' | 'approved' | 'rejected'
  decisions: Decision[]
}
