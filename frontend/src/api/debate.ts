import { download, http, saveDownload } from './http'
import type { ItemList } from '@/types/page'
import type { Ballot, Command, DebateSummary, Judge, Live, MyMatch, Overview, Pad, Table, TeamImport, Tournament } from '@/types/debate'

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

export function setPanel(matchId: number, judges: number[]): Promise<unknown> {
  return http.put(match(matchId) + '/panel', { judges })
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
