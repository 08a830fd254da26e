// Debate tournaments (issue 14): the shapes of /api/v1/debate.

export type Side = 'pro' | 'con'
export type DebateStatus = 'draft' | 'running' | 'finished'

export interface Stage {
  key: string
  name: string
  kind: 'opening' | 'rebuttal' | 'cross' | 'free' | 'closing'
  seconds: number
  max: number
}

export interface Format {
  stages: Stage[]
  parts: { stages: boolean; overall: boolean; individual: boolean; vote: boolean; bestVote: boolean }
  overallMax: number
  individualMax: number
  step: number
  outcome: 'votes' | 'score'
  best: string
  aggregation: { method: 'mean' | 'trimmed' | 'sum'; trim?: number; precision?: number }
}

export interface Judge {
  userId: number
  name: string
  unitId: number
  seat?: number
}

export interface Tournament {
  id: number
  title: string
  status: DebateStatus
  organizerId: number
  format: Format
  tieBreakers: string[]
  judges: Judge[]
  panelSize: number
  prelims: number
  break: number
  version: number
}

export interface DebateSummary {
  id: number
  title: string
  status: DebateStatus
  prelims: number
  judges: number
}

export interface Debater {
  id: number
  name: string
}

export interface Team {
  id: number
  name: string
  unitId: number
  debaters: Debater[]
  withdrawn?: boolean
}

export interface Note {
  code: string
  team?: number
  other?: number
  round?: number
  detail: string
}

export interface PanelNote {
  code: string
  matchNo: number
  want: number
  got: number
  recused: number
  busy: number
  detail: string
}

export interface Round {
  number: number
  kind: 'prelim' | 'knockout'
  motion: string
  draw: { pairings: { pro: number; con: number; notes?: Note[] }[]; bye?: number; notes?: Note[] }
  panels?: PanelNote[]
  bracket?: { a: number; b: number; seedA: number; seedB?: number }[]
}

export interface ChessClock {
  left: Record<Side, number>
  running?: Side | ''
  since: string
}

export interface Live {
  stage: number
  startedAt?: string
  elapsed: number
  clock?: ChessClock
  revealed: number
  result?: boolean
  standings?: boolean
}

export interface SpeakerScore {
  debaterId: number
  side: Side
  position: number
  points: number
  display: string
}

export interface Outcome {
  ballots: number
  votes: Record<Side, number>
  display?: Record<Side, string>
  winner?: Side
  decidedBy?: string
  speakers: SpeakerScore[]
  best?: number
}

export interface Match {
  id: number
  round: number
  kind: string
  pro: number
  con: number
  motion: string
  lineup: Record<Side, number[]>
  judges: number[]
  locked?: boolean
  live: Live
  decision?: Side
  reason?: string
}

export interface MatchView extends Match {
  submitted: number[]
  outcome?: Outcome
}

export interface TableRow {
  teamId: number
  name: string
  rank: number
  wins: number
  ballots: number
  speaks: number
  h2h?: number
  lot: number
  byes: number
  rounds: number
  withdrawn?: boolean
  decidedBy?: string
}

export interface SpeakerLine {
  debaterId: number
  name: string
  team: string
  rank: number
  total: number
  average: number
  speeches: number
  best: number
}

export interface Table {
  tieBreakers: string[]
  rows: TableRow[]
  speakers: SpeakerLine[]
  best?: number
  rounds: number
}

export interface Overview {
  tournament: Tournament
  teams: Team[]
  rounds: Round[]
  matches: MatchView[]
  table: Table
}

export interface BoardBallot {
  seat: number
  submitted: boolean
  shown: boolean
  judgeId?: number
  judge?: string
  winner?: Side
  totals?: Record<Side, number>
  best?: number
}

export interface Board {
  tournamentId: number
  title: string
  matchId: number
  round: number
  kind: string
  final?: boolean
  motion: string
  stages: Stage[]
  pro: Team
  con: Team
  lineup: Record<Side, number[]>
  live: Live
  locked: boolean
  version: number
  serverTime: string
  ballots: BoardBallot[]
  outcome?: Outcome
  bestName?: string
  standings?: Table
}

export interface Ballot {
  stages?: Record<string, Partial<Record<Side, number>>>
  overall?: Partial<Record<Side, number>>
  speakers?: Record<string, number>
  winner?: Side | ''
  best?: number
  comment?: string
}

export interface Pad {
  tournament: string
  format: Format
  match: Match
  pro: Team
  con: Team
  seat: number
  ballot?: Ballot
  draft?: Ballot
}

export interface MyMatch {
  matchId: number
  tournament: string
  round: number
  kind: string
  motion: string
  pro: string
  con: string
  locked: boolean
  submitted: boolean
}

export interface TeamImport {
  teams: Team[]
  errors: { row: number; errors: Record<string, string> }[]
  imported: boolean
}

export interface Command {
  type: 'stage' | 'start' | 'pause' | 'switch' | 'lock' | 'decide' | 'reveal' | 'result' | 'standings'
  stage?: number
  side?: Side
  show?: boolean
  reason?: string
}

export interface AuditEntry {
  id: number
  tournamentId: number
  matchId: number
  actorId: number
  action: 'unlock' | 'reopen' | 'decide' | 'panel'
  reason: string
  judgeId?: number
  detail?: string
  at: string
}

export interface ScreenMatch {
  matchId?: number
  pro: number
  con?: number
  proName: string
  conName?: string
  seedA?: number
  seedB?: number
  locked?: boolean
  winner?: Side
  notes?: Note[]
}

export interface ScreenRound {
  number: number
  kind: 'prelim' | 'knockout'
  motion: string
  final?: boolean
  matches: ScreenMatch[]
  bye?: string
  notes?: Note[]
}

export interface TournamentScreen {
  tournamentId: number
  title: string
  status: DebateStatus
  prelims: number
  break: number
  version: number
  serverTime: string
  table: Table
  round?: ScreenRound
  bracket: ScreenRound[]
  projected?: boolean
  champion?: string
  teams: Record<string, string>
}

/** What PUT /debate/tournaments/:id takes: the settings and the version read. */
export interface TournamentEdit {
  title: string
  format: Format
  tieBreakers: string[]
  judges: Judge[]
  panelSize: number
  prelims: number
  break: number
  version: number
}
