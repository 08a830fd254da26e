// Types of the live-contest feature; they mirror quiz/contest and the
// websocket protocol in docs/live-protocol.md.

export type ContestMode = 'team' | 'individual'
export type RoundKind = 'compulsory' | 'buzzer' | 'risk' | 'everyone' | 'tiebreak'
export type Phase = 'lobby' | 'intro' | 'shown' | 'armed' | 'open' | 'closed' | 'revealed' | 'board' | 'finished'
export type ContestRole = 'host' | 'screen' | 'player' | 'audience'

export interface ContestSummary {
  id: number
  title: string
  status: 'draft' | 'published'
  mode: ContestMode
  teams: number
  rounds: number
  canHost: boolean
  isPlayer: boolean
}

export interface ContestQuestion {
  type: 'single' | 'multiple' | 'judge' | 'oral'
  stem?: string
  options?: string[]
  answer?: string
  explanation?: string
  citation?: string
  /** a case-analysis question: the narrative and the sub-questions apart (answered aloud) */
  case?: ContestCase
}

export interface ContestCase {
  narrative: string
  parts: ContestCasePart[]
}

export interface ContestCasePart {
  type: 'single' | 'multiple' | 'short'
  stem: string
  options?: string[]
}

export interface RoundView {
  kind: RoundKind
  title: string
  points: number
  deduct?: number
  falseStart?: 'ignore' | 'lockout' | 'deduct'
  rebound?: boolean
  voidAfter?: number
  riskValues?: number[]
  timeLimit?: number
  scoring?: 'fixed' | 'linear' | 'kahoot'
  minShare?: number
  streak?: boolean
  aggregate?: 'sum' | 'mean'
  scoreAt?: 'reveal' | 'close'
  autoReveal?: boolean
  hideQuestion?: boolean
}

export interface BuzzView {
  side: number
  name: string
  userId: number
  received: number
  corrected: number
  delayMs: number
  deviceAt?: number
  offsetMs: number
}

export interface Standing {
  side: number
  name: string
  score: number
  rank: number
  award?: string
}

/**
 * A player's own answer (quiz/contest.AnswerView): until the reveal only
 * "received" with the choice; from the reveal on the verdict and points.
 */
export interface PlayerAnswer {
  choice: string
  at: number
  clientId: string
  status: 'received' | 'right' | 'wrong' | 'void'
  right?: boolean
  points?: number
  speed?: number
  streak?: number
  correct?: string
}

export interface MeView {
  userId: number
  name: string
  side: number
  score: number
  teamScore: number
  rank?: number
  streak: number
  answer?: PlayerAnswer
  locked?: boolean
  /** Why the side is locked out of the buzzer question. */
  lockReason?: 'false_start' | 'wrong'
  pressed?: boolean
  /** The side's 1-based place in the fair buzz order. */
  pressOrder?: number
  /** The side holds the floor: it may answer now. */
  floor?: boolean
  captain?: boolean
}

export interface ContestView {
  seq: number
  mode: ContestMode
  phase: Phase
  paused: boolean
  roundIndex: number
  roundCount: number
  round?: RoundView
  questionIndex: number
  questionCount: number
  question?: ContestQuestion
  hidden?: boolean
  side?: number
  sideName?: string
  riskValue?: number
  pickSide?: number
  /** The captain who chooses for pickSide on a phone (absent: any seated player). */
  pickCaptain?: number
  armAt?: number
  openAt?: number
  deadline?: number
  buzz?: BuzzView[]
  falseStarts?: BuzzView[]
  floor?: number
  floorName?: string
  locked?: number[]
  wrong?: number[]
  voided?: boolean
  answered: number
  players: number
  stats?: Record<string, number>
  teams?: Standing[]
  tieSides?: number[]
  legal?: string[]
  ties?: number[][]
  me?: MeView
}

export interface BoardRow {
  side: number
  name: string
  score: number
  rank: number
}

export interface ScoreChange {
  seq: number
  side: number
  userId?: number
  delta: number
  kind: string
  reason?: string
  round: number
  question: number
}

export interface TimelineRow {
  seq: number
  at: string
  type: string
  userId: number
  name: string
  host: boolean
  /** Taken by the server's clock at a deadline. */
  clock?: boolean
  deviceAt?: number
  offsetMs: number
  delayMs: number
  detail: string
  note?: string
  changes?: ScoreChange[]
}

export interface DeviceRow {
  userId: number
  name: string
  role: ContestRole
  delayMs: number
  offsetMs: number
}

export interface ContestTeam {
  id: number
  name: string
}

export interface ContestPlayer {
  userId: number
  name: string
  teamId?: number
  captain?: boolean
}

/** Someone an organizer may seat as a player (GET /contests/people). */
export interface ContestPerson {
  id: number
  name: string
  account: string
  unitId: number
  unitName: string
}

/** A bank draw of a round (quiz/contest.Draw); types are the bank's. */
export interface ContestDraw {
  ids?: number[]
  bankId?: number
  lawId?: number
  domain?: string
  type?: string
  minDifficulty?: number
  maxDifficulty?: number
  count?: number
}

/** A round as configured (quiz/contest.Round). */
export interface RoundConfig {
  kind: RoundKind
  title: string
  points: number
  deduct?: number
  falseStart?: 'ignore' | 'lockout' | 'deduct'
  falseStartDeduct?: number
  rebound?: boolean
  voidAfter?: number
  hideQuestion?: boolean
  riskValues?: number[]
  highFirst?: boolean
  scoring?: 'fixed' | 'linear' | 'kahoot'
  minShare?: number
  timeLimit?: number
  streak?: boolean
  aggregate?: 'sum' | 'mean'
  scoreAt?: 'reveal' | 'close'
  autoReveal?: boolean
  draw?: ContestDraw
  questions?: ContestQuestion[]
}

/** A contest's configuration as sent to POST/PUT /contests (quiz/contest.Config). */
export interface ContestConfig {
  mode: ContestMode
  baseScore: number
  teams?: (ContestTeam & { unitId?: number })[]
  players?: ContestPlayer[]
  rounds: RoundConfig[]
  awards?: { name: string; count: number }[]
  tolerance?: number
  armLead?: number
}

export interface Contest {
  id: number
  title: string
  status: 'draft' | 'published'
  hostId: number
  config: {
    mode: ContestMode
    baseScore: number
    teams?: ContestTeam[]
    players?: ContestPlayer[]
    rounds: (RoundView & { questions?: ContestQuestion[] })[]
    awards?: { name: string; count: number }[]
  }
}

/** A message from the contest socket. */
export interface ServerMessage {
  type: string
  seq?: number
  id?: number
  t0?: number
  t1?: number
  t2?: number
  ref?: string
  clientId?: string
  duplicate?: boolean
  code?: string
  /** The offending field of an invalid message or action. */
  field?: string
  error?: string
  note?: string
  role?: ContestRole
  userId?: number
  contestId?: number
  title?: string
  serverTime?: number
  view?: ContestView
  me?: MeView
  top?: BoardRow[]
  total?: number
  answered?: number
}
