// Types of the question bank and training quizzes (server package quiz).

export type QuestionType = 'single' | 'multiple' | 'truefalse' | 'fill' | 'short' | 'case'
export const QUESTION_TYPES: QuestionType[] = ['single', 'multiple', 'truefalse', 'fill', 'short', 'case']

/** The types a case-analysis sub-question may have. */
export type PartType = 'single' | 'multiple' | 'short'
export const PART_TYPES: PartType[] = ['single', 'multiple', 'short']

/** A case-analysis sub-question with its key (organizers, review). */
export interface Part {
  type: PartType
  stem: string
  options?: Option[]
  answer: Answer
  explanation: string
  citation: Citation
}

/** A sub-question as a candidate sees it. */
export interface PartView {
  type: PartType
  stem: string
  options?: Option[]
}

/** The mark of one sub-question. */
export interface PartMark {
  points: number
  score: number
  correct: boolean
  pending: boolean
}

export interface PartResponse {
  choices?: string[]
  text?: string
}

export type QuestionStatus = 'draft' | 'active' | 'retired' | 'needs_review'
export const QUESTION_STATUSES: QuestionStatus[] = ['draft', 'active', 'retired', 'needs_review']

export type Domain = 'press' | 'copyright' | 'performance' | 'relics' | 'broadcast' | 'internet' | 'general'
export const DOMAINS: Domain[] = ['press', 'copyright', 'performance', 'relics', 'broadcast', 'internet', 'general']

export interface LawVersion {
  id: number
  lawId: number
  label: string
  effective: string
  note?: string
  createdAt: string
}

export interface Law {
  id: number
  name: string
  kind: string
  domains: Domain[]
  versions: LawVersion[]
}

export interface Option {
  key: string
  text: string
}

export interface Answer {
  choices?: string[]
  true?: boolean
  blanks?: string[][]
  reference?: string
  keywords?: string[]
}

export interface Citation {
  lawId: number
  lawName: string
  versionId: number
  versionLabel: string
  article: number
  paragraph?: number
  item?: number
}

export interface Question {
  id: number
  revision: number
  type: QuestionType
  stem: string
  options?: Option[]
  answer: Answer
  explanation: string
  citation: Citation
  /** The sub-questions of a case-analysis question (the stem is the case). */
  parts?: Part[]
  domains: Domain[]
  difficulty: number
  status: QuestionStatus
  bankIds?: number[]
  createdAt: string
  updatedAt: string
}

export interface NewQuestion {
  type: QuestionType
  stem: string
  options: Option[]
  answer: Answer
  explanation: string
  citation: Partial<Citation>
  domains: Domain[]
  difficulty: number
  status: QuestionStatus
  bankIds: number[]
  /** A case-analysis question's sub-questions (Part without ids). */
  parts?: Record<string, unknown>[]
}

/** A question as a candidate sees it: no key. */
export interface QuestionView {
  id: number
  revision: number
  type: QuestionType
  stem: string
  options?: Option[]
  blanks?: number
  parts?: PartView[]
}

export interface Response {
  choices?: string[]
  true?: boolean
  blanks?: string[]
  text?: string
  parts?: PartResponse[]
}

export interface QuestionFilter {
  q?: string
  type?: QuestionType | ''
  lawId?: number
  domain?: Domain | ''
  difficulty?: number
  status?: QuestionStatus | ''
  bankId?: number
  page?: number
  pageSize?: number
}

export interface Bank {
  id: number
  name: string
  description: string
  questions: number
  /** The owner's user id; 0 for a shared bank. */
  createdBy: number
  createdAt: string
}

export interface Match {
  id: number
  stem: string
  similarity: number
}

export interface RowError {
  line: number
  stem: string
  errors: string[]
}

export interface ImportRow {
  line: number
  question: NewQuestion
  duplicates?: Match[]
}

/**
 * A question-import preview, answered a page at a time: the counts, the
 * bad rows first (at most 200; errorCount counts all), then one page of
 * the checked rows (rows[offset, offset + limit)).
 */
export interface QuizImportReport {
  total: number
  valid: number
  duplicated: number
  errorCount: number
  errors: RowError[] | null
  rows: ImportRow[] | null
  offset: number
  limit: number
}

export interface QuizImportResult {
  created: number
  ids: number[]
}

export interface DrawRule {
  count: number
  type?: QuestionType | ''
  bankId?: number
  lawId?: number
  domain?: Domain | ''
  minDifficulty?: number
  maxDifficulty?: number
  points: number
}

export interface RulePreview {
  rule: DrawRule
  available: number
  enough: boolean
}

export type Counting = 'highest' | 'last'
export type MultiMode = 'all_or_nothing' | 'partial'
export type Review = 'immediately' | 'after_close' | 'never'

export interface PaperItem {
  questionId: number
  points: number
}

export interface Paper {
  id: number
  title: string
  purpose: string
  items: PaperItem[] | null
  rules: DrawRule[] | null
  timeLimit: number
  opensAt: string | null
  closesAt: string | null
  maxAttempts: number
  counting: Counting
  passMark: number
  multiMode: MultiMode
  review: Review
  shuffleItems: boolean
  shuffleOptions: boolean
  createdBy: number
  createdAt: string
  totalPoints: number
  assigned: number
  /** attempts begun: a started paper can no longer be edited */
  started?: number
  archivedAt?: string | null
}

export type PaperInput = Omit<Paper, 'id' | 'createdBy' | 'createdAt' | 'totalPoints' | 'assigned' | 'started' | 'archivedAt'>

export interface Assignment {
  paperId: number
  userId: number
  userName: string
  unitId: number
  unitName: string
  assignedAt: string
  attempts: number
  best: number | null
  counted: number | null
  lastAt: string | null
}

export interface MyPaper {
  paper: Paper
  attempts: number
  counted: number | null
  passed: boolean
  openAttempt?: number
  lastAttempt?: number
}

export type AttemptStatus = 'open' | 'submitted' | 'graded'

export interface ItemReview {
  answer: Answer
  explanation: string
  citation: Citation
  parts?: Part[]
  score: number | null
  correct: boolean | null
  pending: boolean
}

export interface SheetItem {
  seq: number
  points: number
  question: QuestionView
  response: Response | null
  flagged: boolean
  review?: ItemReview
}

export interface Share {
  key: string
  label: string
  score: number
  points: number
}

export interface SheetResult {
  score: number
  total: number
  passMark: number
  passed: boolean
  pending: number
  correct: number
  wrong: number
  review: boolean
  byLaw: Share[] | null
  byDomain: Share[] | null
  unanswered: number
  /** Answers that earned some but not all of their points. */
  partial: number
  multiMode: MultiMode
}

export interface Sheet {
  id: number
  paperId: number
  title: string
  no: number
  status: AttemptStatus
  startedAt: string
  deadline: string
  submittedAt?: string
  remaining: number
  total: number
  items: SheetItem[]
  result?: SheetResult
}

export interface Save {
  seq: number
  response?: Response
  flagged?: boolean
}

export interface PracticeQuestion {
  question: QuestionView
  position: number
  count: number
}

export interface Mark {
  score: number
  correct: boolean
  pending: boolean
}

export interface Feedback {
  mark: Mark
  answer: Answer
  explanation: string
  citation: Citation
  parts?: Part[]
  partMarks?: PartMark[]
  mastered: boolean
}

/** Why a person may not see a question's key yet, and until when. */
export interface KeyHold {
  reason: 'open_attempt' | 'not_done' | 'after_close' | 'never'
  paperId: number
  paperTitle: string
  /** When the key will be shown; absent when no time is known. */
  until?: string
}

/** A notebook question: a held one comes without key, explanation and citation. */
export type NotebookQuestion = Omit<Question, 'answer' | 'explanation' | 'citation' | 'createdAt' | 'updatedAt'> &
  Partial<Pick<Question, 'answer' | 'explanation' | 'citation'>> & { blanks?: number }

export interface NotebookEntry {
  question: NotebookQuestion
  wrongCount: number
  streak: number
  mastered: boolean
  lastSource: string
  lastResponse: Response
  lastWrongAt: string
  /** The FSRS redo schedule. */
  card: Card
  dueToday: boolean
  /** Set while the key is held (the quiz it is in has not reached its review time). */
  hold?: KeyHold
}

export interface PendingItem {
  attemptId: number
  paperId: number
  paperTitle: string
  userId: number
  userName: string
  seq: number
  question: Question
  response: Response
  points: number
  suggested: number
  /** A case-analysis item: each sub-question's automatic mark or suggestion. */
  partMarks?: PartMark[]
}

/** A notebook entry's redo schedule (FSRS-4.5). */
export interface Card {
  stability: number
  difficulty: number
  reps: number
  lapses: number
  interval: number
  lastReview?: string
  due?: string
}

export interface NotebookDue {
  dueToday: number
  open: number
  /** an entry is mastered once its interval passes this many days (server setting) */
  masterDays: number
}

export interface Bin {
  from: number
  to: number
  count: number
}

export interface UnitMean {
  unitId: number
  unitName: string
  assigned: number
  completed: number
  mean: number
}

export interface ItemStats {
  questionId: number
  stem: string
  type: QuestionType
  responses: number
  facility: number
  discrimination: number
  options?: Record<string, number>
  flags: string[]
  /** a case-analysis item's sub-questions, each with its own facility */
  parts?: PartStats[]
}

export interface PartStats {
  type: QuestionType
  stem: string
  responses: number
  facility: number
  options?: Record<string, number>
}

export interface PaperStats {
  paper: Paper
  assigned: number
  completed: number
  passed: number
  passRate: number
  mean: number
  histogram: Bin[]
  units: UnitMean[] | null
  assignees: Assignment[] | null
  items: ItemStats[] | null
}

export interface PersonStats {
  userId: number
  attempts: number
  byLaw: Share[] | null
  byDomain: Share[] | null
}

export type ImportJobPhase = 'reading' | 'checking' | 'writing'

/** A background check or import of a question file (GET /quiz/import/jobs/:id). */
export interface ImportJob {
  id: string
  kind: 'preview' | 'import'
  state: 'running' | 'done' | 'failed'
  phase: ImportJobPhase
  done: number
  total: number
  startedAt: string
  finishedAt?: string
  result?: QuizImportReport | QuizImportResult
}

/** Where a background import is, for the progress bar: the upload, a job phase, or done. */
export interface ImportProgress {
  stage: 'upload' | ImportJobPhase | 'done'
  done: number
  total: number
}

/** A range of elapsed days of the retention curve, both ends included. */
export interface RetentionBin {
  from: number
  to: number
}

/** One bin of a law's retention curve (quiz/retention.go). */
export interface RetentionPoint extends RetentionBin {
  reviews: number
  observed: number | null
  predicted: number | null
}

export interface LawRetention {
  lawId: number
  lawName: string
  reviews: number
  recalled: number
  points: RetentionPoint[]
}

/** GET /quiz/my/retention and /quiz/retention. */
export interface Retention {
  bins: RetentionBin[]
  laws: LawRetention[]
}
