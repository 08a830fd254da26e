import type { AttendanceStatus, Session } from './courses'

/** One of my sessions with where my check-in stands. */
export interface HomeSession extends Session {
  status: AttendanceStatus | ''
  checkinOpen: boolean
  settled: boolean
}

export interface HomeQuiz {
  paperId: number
  title: string
  closesAt: string | null
  attempts: number
  maxAttempts: number
  openAttempt?: number
}

export interface HomeNote {
  questionId: number
  stem: string
  wrongCount: number
}

export interface HomeContest {
  id: number
  title: string
  status: 'draft' | 'published'
  mode: string
  canHost: boolean
  isPlayer: boolean
  phase: string
}

export interface HomeImport {
  id: string
  kind: 'preview' | 'import'
  phase: string
  done: number
  total: number
  startedAt: string
}

export interface OrganizerHome {
  sessionsToday: Session[]
  toGrade: number
  gradePapers: { paperId: number; title: string; items: number }[]
  imports: HomeImport[]
  hosting: HomeContest[]
}

/** GET /me/home. */
export interface Home {
  sessions: HomeSession[]
  year: number
  hours: number
  hoursTarget: number
  quizzes: HomeQuiz[]
  /** open entries of the wrong-answer notebook */
  notebookOpen: number
  /** of those, due for review today (FSRS schedule) */
  notebookDueToday: number
  notebook: HomeNote[]
  contests: HomeContest[]
  organizer?: OrganizerHome
}
