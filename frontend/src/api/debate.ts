import { download, http, saveDownload } from './http'
import type { ItemList } from '@/types/page'
import type { AuditEntry, Ballot, Command, DebateSummary, Judge, Live, MyMatch, Overview, Pad, Table, Team, TeamImport, Tournament, TournamentEdit, TournamentScreen } from '@/types/debate'

const base = (id: number) => `/debate/tournaments/${id}`
const match = (id: number) => `/debate/matches/${id}`

export async function listDebates(): Promise<DebateSummary[]> {
  return (await http.get<ItemList<DebateSummary>>('/debate/tournaments')).items ?? []
}

export function createDebate(body: { title: string; judges: Judge[]; panelSize: number; prelims: number; break: number }): Promise<Tournament> {
  return http.post<Tournament>('/debate/tournaments', body)
}

export function getDebate(id: number): Promise<Overview> {
  return http.get<Overview>(base(id))
}

export function debateStandings(id: number): Promise<Table> {
  return http.get<Table>(base(id) + '/standings')
}

export async function downloadTeamTemplate(): Promise<void> {
  saveDownload(await download('/debate/teams/template.xlsx', 'teams.xlsx'))
}

/** POST teams/import: preview writes nothing; import adds the teams (all rows or none). */
export function importTeams(id: number, file: File, mode: 'preview' | 'import'): Promise<TeamImport> {
  const form = new FormData()
  form.append('file', file, file.name)
  return http.upload<TeamImport>(base(id) + '/teams/import', form, { query: { mode } })
}

export function withdrawTeam(id: number, team: number, withdrawn: boolean): Promise<unknown> {
  return http.post(base(id) + `/teams/${team}/withdraw`, { withdrawn })
}

export function drawRound(id: number, motion: string): Promise<unknown> {
  return http.post(base(id) + '/rounds', { motion })
}

export function drawKnockout(id: number, motion: string): Promise<unknown> {
  return http.post(base(id) + '/knockout', { motion })
}

export function setPanel(matchId: number, judges: number[], reason = ''): Promise<unknown> {
  return http.put(match(matchId) + '/panel', { judges, reason })
}

export function updateDebate(id: number, body: TournamentEdit): Promise<Tournament> {
  return http.put<Tournament>(base(id), body)
}

/** Add teams by hand (before the first draw): names unique, 1–4 debaters each. */
export function addTeams(id: number, teams: Pick<Team, 'name' | 'unitId' | 'debaters'>[]): Promise<{ teams: Team[] }> {
  return http.post(base(id) + '/teams', { teams })
}

export async function debateAudit(id: number): Promise<AuditEntry[]> {
  return (await http.get<ItemList<AuditEntry>>(base(id) + '/audit')).items ?? []
}

export function tournamentScreen(id: number): Promise<TournamentScreen> {
  return http.get<TournamentScreen>(base(id) + '/screen')
}

export function unlockMatch(matchId: number, reason: string): Promise<Live> {
  return http.post<Live>(match(matchId) + '/unlock', { reason })
}

export function reopenBallot(matchId: number, judgeId: number, reason: string): Promise<unknown> {
  return http.post(match(matchId) + `/ballots/${judgeId}/reopen`, { reason })
}

/** Keep the judge's draft on the server (a reload or another device finds it). */
export function saveDraft(matchId: number, b: Ballot): Promise<unknown> {
  return http.put(match(matchId) + '/draft', b)
}

export function debateCommand(matchId: number, cmd: Command): Promise<Live> {
  return http.post<Live>(match(matchId) + '/command', cmd)
}

export function debatePad(matchId: number): Promise<Pad> {
  return http.get<Pad>(match(matchId) + '/pad')
}

export function submitBallot(matchId: number, b: Ballot): Promise<{ duplicate?: boolean }> {
  return http.post(match(matchId) + '/ballot', b)
}

export async function myDebateMatches(): Promise<MyMatch[]> {
  return (await http.get<ItemList<MyMatch>>('/debate/my/matches')).items ?? []
}
