// The contest editor's form model and its conversion to and from the
// configuration the API takes (quiz/contest.Config). Kept apart from the
// component so the conversions and the server-error mapping are unit-tested.
import type { ContestConfig, ContestDraw, ContestMode, ContestPerson, ContestPlayer, ContestQuestion, RoundConfig, RoundKind } from '@/types/contest'

export const ROUND_KINDS: RoundKind[] = ['compulsory', 'buzzer', 'risk', 'everyone', 'tiebreak']
/** Round kinds an individual contest may use (compulsory and risk need teams). */
export const INDIVIDUAL_KINDS: RoundKind[] = ['buzzer', 'everyone', 'tiebreak']
export const MAX_SEATS = 4

export interface TeamForm {
  key: number
  unitId?: number
  name: string
  /** Seated players' user ids, in seat order (1–4). */
  players: number[]
  /** The captain's user id (speaks for the team: risk values); 0 for none. */
  captain: number
  /** Names of people seen for this team (seated or offered). */
  names: Record<number, string>
}

export interface DrawForm {
  bankId?: number
  lawId?: number
  domain: string
  type: string
  minDifficulty?: number
  maxDifficulty?: number
  count: number
}

export interface RoundForm {
  key: number
  kind: RoundKind
  title: string
  points: number
  deductOn: boolean
  deduct: number
  falseStart: 'ignore' | 'lockout' | 'deduct'
  falseStartDeduct: number
  rebound: boolean
  voidAfter: number
  hideQuestion: boolean
  riskValues: string
  highFirst: boolean
  scoring: 'fixed' | 'linear' | 'kahoot'
  /** Percentage of the points a right answer at the deadline still earns (linear, kahoot). */
  minShare: number
  timeLimit: number
  streak: boolean
  aggregate: 'sum' | 'mean'
  /** When held points enter the scores: at the reveal (default) or at the close. */
  scoreAt: 'reveal' | 'close'
  /** Reveal by itself when the deadline closes answering. */
  autoReveal: boolean
  /** Where the questions come from: a bank draw or a fixed list of bank question ids. */
  source: 'draw' | 'fixed'
  draw: DrawForm
  ids: string
  /** Questions written inline in the JSON (kept as they are). */
  inline: ContestQuestion[]
}

export interface ContestForm {
  title: string
  mode: ContestMode
  baseScore: number
  teams: TeamForm[]
  rounds: RoundForm[]
  awards: { name: string; count: number }[]
  /** Registered players of an individual contest (anyone may also join). */
  individuals: ContestPlayer[]
  tolerance?: number
  armLead?: number
}

let keys = 0
const nextKey = (): number => ++keys

const KIND_TITLES: Record<RoundKind, string> = {
  compulsory: '必答题',
  buzzer: '抢答题',
  risk: '风险题',
  everyone: '全员答题',
  tiebreak: '加赛题',
}

/** A new round of kind with the usual rules of a county contest. */
export function newRound(kind: RoundKind, title: string = KIND_TITLES[kind]): RoundForm {
  const r: RoundForm = {
    key: nextKey(),
    kind,
    title,
    points: 10,
    deductOn: false,
    deduct: 0,
    falseStart: 'lockout',
    falseStartDeduct: 0,
    rebound: false,
    voidAfter: 0,
    hideQuestion: false,
    riskValues: '',
    highFirst: false,
    scoring: 'fixed',
    minShare: 50,
    timeLimit: 20,
    streak: false,
    aggregate: 'mean',
    scoreAt: 'reveal',
    autoReveal: false,
    source: 'draw',
    draw: { domain: '', type: 'single', count: 5 },
    ids: '',
    inline: [],
  }
  if (kind === 'buzzer') Object.assign(r, { points: 20, deductOn: true, deduct: 10, rebound: true, voidAfter: 15 })
  if (kind === 'risk') Object.assign(r, { points: 0, riskValues: '10, 20, 30', draw: { domain: '', type: 'single', count: 6 } })
  // one scale: a right answer is worth at most the round's points, like a right buzz
  if (kind === 'everyone') Object.assign(r, { points: 20, scoring: 'kahoot', minShare: 50, streak: true, draw: { domain: '', type: 'single', count: 10 } })
  if (kind === 'tiebreak') Object.assign(r, { points: 10, draw: { domain: '', type: 'single', count: 3 } })
  return r
}

export function newTeam(): TeamForm {
  return { key: nextKey(), name: '', players: [], captain: 0, names: {} }
}

export function newForm(): ContestForm {
  return {
    title: '',
    mode: 'team',
    baseScore: 100,
    teams: [newTeam(), newTeam()],
    rounds: [newRound('compulsory'), newRound('buzzer'), newRound('risk')],
    awards: [
      { name: '一等奖', count: 1 },
      { name: '二等奖', count: 2 },
      { name: '三等奖', count: 3 },
    ],
    individuals: [],
  }
}

/** Positive whole numbers in text ("10, 20，30"); anything else is dropped. */
export function parseNumbers(text: string): number[] {
  return text
    .split(/[\s,，、;；]+/)
    .filter((s) => s !== '')
    .map((s) => Number(s))
    .filter((n) => Number.isInteger(n) && n !== 0)
}

function drawOf(r: RoundForm): ContestDraw | undefined {
  if (r.source === 'fixed') {
    const ids = parseNumbers(r.ids).filter((n) => n > 0)
    return ids.length ? { ids } : undefined
  }
  const d = r.draw
  if (!(d.count > 0)) return undefined // no draw: inline questions only (or none yet)
  const out: ContestDraw = { count: d.count }
  if (d.bankId) out.bankId = d.bankId
  if (d.lawId) out.lawId = d.lawId
  if (d.domain) out.domain = d.domain
  if (d.type) out.type = d.type
  if (d.minDifficulty) out.minDifficulty = d.minDifficulty
  if (d.maxDifficulty) out.maxDifficulty = d.maxDifficulty
  return out
}

/** The round's rules as the API takes them: only the fields its kind uses. */
export function roundConfig(r: RoundForm, mode: ContestMode): RoundConfig {
  const out: RoundConfig = { kind: r.kind, title: r.title.trim(), points: r.points }
  if (r.kind === 'risk') out.points = 0
  if (r.deductOn && r.kind !== 'risk' && r.kind !== 'everyone') out.deduct = r.deduct
  if (r.kind === 'buzzer' || r.kind === 'tiebreak') {
    out.falseStart = r.falseStart
    if (r.falseStart === 'deduct') out.falseStartDeduct = r.falseStartDeduct
    if (r.rebound) out.rebound = true
    if (r.voidAfter) out.voidAfter = r.voidAfter
    if (r.hideQuestion) out.hideQuestion = true
  }
  if (r.kind === 'risk') {
    out.riskValues = parseNumbers(r.riskValues)
    if (r.highFirst) out.highFirst = true
  }
  if (r.kind === 'everyone') {
    out.scoring = r.scoring
    // the minimum share only when it is not the scoring's default (kahoot 50 %, linear 0 %)
    if (r.scoring !== 'fixed' && r.minShare !== (r.scoring === 'kahoot' ? 50 : 0)) out.minShare = r.minShare
    out.timeLimit = r.timeLimit
    if (r.streak) out.streak = true
    if (mode === 'team') out.aggregate = r.aggregate
    if (r.autoReveal) out.autoReveal = true
  }
  if ((r.kind === 'everyone' || r.kind === 'compulsory' || r.kind === 'risk') && r.scoreAt === 'close') out.scoreAt = 'close'
  const draw = drawOf(r)
  if (draw) out.draw = draw
  if (r.inline.length) out.questions = r.inline
  return out
}

/**
 * The request body for the form, and for each config.players index the
 * team index it came from (to show player errors beside their team).
 */
export function toRequest(f: ContestForm): { body: { title: string; config: ContestConfig }; playerTeam: number[] } {
  const config: ContestConfig = { mode: f.mode, baseScore: f.baseScore, rounds: f.rounds.map((r) => roundConfig(r, f.mode)) }
  const playerTeam: number[] = []
  if (f.mode === 'team') {
    config.teams = f.teams.map((t, i) => ({ id: i + 1, name: t.name.trim(), ...(t.unitId ? { unitId: t.unitId } : {}) }))
    config.players = []
    f.teams.forEach((t, i) => {
      for (const uid of t.players) {
        config.players!.push({ userId: uid, name: t.names[uid] ?? '', teamId: i + 1, ...(t.captain === uid ? { captain: true } : {}) })
        playerTeam.push(i)
      }
    })
  } else if (f.individuals.length) {
    config.players = f.individuals.map((p) => ({ userId: p.userId, name: p.name }))
  }
  const awards = f.awards.filter((a) => a.name.trim() !== '' || a.count > 0)
  if (awards.length) config.awards = awards.map((a) => ({ name: a.name.trim(), count: a.count }))
  if (f.tolerance) config.tolerance = f.tolerance
  if (f.armLead) config.armLead = f.armLead
  return { body: { title: f.title.trim(), config }, playerTeam }
}

function roundForm(r: RoundConfig): RoundForm {
  const f = newRound(r.kind)
  Object.assign(f, {
    title: r.title ?? '',
    points: r.points ?? 0,
    deductOn: (r.deduct ?? 0) > 0,
    deduct: r.deduct ?? 0,
    falseStart: r.falseStart ?? 'lockout',
    falseStartDeduct: r.falseStartDeduct ?? 0,
    rebound: !!r.rebound,
    voidAfter: r.voidAfter ?? 0,
    hideQuestion: !!r.hideQuestion,
    riskValues: (r.riskValues ?? []).join(', '),
    highFirst: !!r.highFirst,
    scoring: r.scoring ?? 'fixed',
    minShare: r.minShare ?? (r.scoring === 'linear' ? 0 : 50),
    timeLimit: r.timeLimit ?? 20,
    streak: !!r.streak,
    aggregate: r.aggregate ?? 'mean',
    scoreAt: r.scoreAt ?? 'reveal',
    autoReveal: !!r.autoReveal,
    inline: r.questions ?? [],
  })
  const d = r.draw
  if (d?.ids?.length) {
    f.source = 'fixed'
    f.ids = d.ids.join(', ')
  } else if (d) {
    f.draw = { bankId: d.bankId, lawId: d.lawId, domain: d.domain ?? '', type: d.type ?? '', minDifficulty: d.minDifficulty, maxDifficulty: d.maxDifficulty, count: d.count ?? 0 }
  } else {
    f.draw = { domain: '', type: '', count: 0 }
  }
  return f
}

/** The form for a stored configuration (editing a draft, or the JSON tab). */
export function fromConfig(title: string, c: ContestConfig): ContestForm {
  const f: ContestForm = {
    title,
    mode: c.mode === 'individual' ? 'individual' : 'team',
    baseScore: c.baseScore ?? 0,
    teams: [],
    rounds: (c.rounds ?? []).map(roundForm),
    awards: (c.awards ?? []).map((a) => ({ ...a })),
    individuals: [],
    tolerance: c.tolerance,
    armLead: c.armLead,
  }
  if (f.mode === 'team') {
    f.teams = (c.teams ?? []).map((t) => {
      const team = newTeam()
      team.unitId = t.unitId
      team.name = t.name
      for (const p of c.players ?? []) {
        if (p.teamId !== t.id) continue
        team.players.push(p.userId)
        team.names[p.userId] = p.name
        if (p.captain) team.captain = p.userId
      }
      return team
    })
  } else {
    f.individuals = (c.players ?? []).map((p) => ({ userId: p.userId, name: p.name }))
  }
  return f
}

/** Remembers the names of people offered to a team, so seats keep them. */
export function rememberPeople(t: TeamForm, people: ContestPerson[]): void {
  for (const p of people) t.names[p.id] = p.name
}

/** The bank rule a draw round asks the quiz preview about. */
export function previewRule(r: RoundForm): { count: number; type?: string; bankId?: number; lawId?: number; domain?: string; minDifficulty?: number; maxDifficulty?: number; points: number } {
  const d = r.draw
  return {
    count: d.count,
    points: 1,
    ...(d.type ? { type: d.type } : {}),
    ...(d.bankId ? { bankId: d.bankId } : {}),
    ...(d.lawId ? { lawId: d.lawId } : {}),
    ...(d.domain ? { domain: d.domain } : {}),
    ...(d.minDifficulty ? { minDifficulty: d.minDifficulty } : {}),
    ...(d.maxDifficulty ? { maxDifficulty: d.maxDifficulty } : {}),
  }
}

/** The keys of the server's field errors about team i's seats (its players, its id). */
export function teamErrorKeys(errors: Record<string, string>, i: number, playerTeam: number[]): string[] {
  return Object.keys(errors).filter((k) => {
    if (k === `config.teams[${i}].id` || k === `config.teams[${i}].players`) return true
    const m = /^config\.players\[(\d+)\]\./.exec(k)
    return !!m && playerTeam[Number(m[1])] === i
  })
}

/** The server's field errors about team i's seats, for the seats field (the name has its own). */
export function teamErrors(errors: Record<string, string>, i: number, playerTeam: number[]): string {
  return [...new Set(teamErrorKeys(errors, i, playerTeam).map((k) => errors[k]!))].join('；')
}

/** The server's field error for round i's field name (and its sub-fields, e.g. questions[2]). */
export function roundError(errors: Record<string, string>, i: number, name: string): string {
  const base = `config.rounds[${i}].${name}`
  const out: string[] = []
  for (const [k, v] of Object.entries(errors)) {
    if (k === base || k.startsWith(base + '[') || k.startsWith(base + '.')) out.push(v)
  }
  return [...new Set(out)].join('；')
}
