import { download, http, saveDownload } from './http'
import type { ItemList } from '@/types/page'
import type {
  Appeal, AwardCertificate, Board, Draw, Entry, JudgingConfig, JudgingContest, JudgingKind, JudgingStatus, JudgingSummary, Pad, Recused, Results,
  Sheet, SheetInput, SpeakerImport, Trail,
} from '@/types/judging'

const base = (id: number) => `/judging/contests/${id}`

/** GET /judging/contests: what I organize, judge or may see. */
export async function listJudging(): Promise<JudgingSummary[]> {
  return (await http.get<ItemList<JudgingSummary>>('/judging/contests')).items ?? []
}

export function createJudging(body: { kind: JudgingKind; title: string; config: JudgingConfig }): Promise<JudgingContest> {
  return http.post<JudgingContest>('/judging/contests', body)
}

export function getJudging(id: number): Promise<JudgingContest> {
  return http.get<JudgingContest>(base(id))
}

/** PUT: replace title and configuration; version is what the editor read. */
export function updateJudging(id: number, body: { kind: JudgingKind; title: string; config: JudgingConfig; version: number }): Promise<JudgingContest> {
  return http.put<JudgingContest>(base(id), body)
}

export async function judgingEntries(id: number): Promise<Entry[]> {
  return (await http.get<{ entries: Entry[] }>(base(id) + '/entries')).entries ?? []
}

export async function setJudgingEntries(id: number, entries: Partial<Entry>[]): Promise<Entry[]> {
  return (await http.put<{ entries: Entry[] }>(base(id) + '/entries', { entries })).entries ?? []
}

/** POST entries/import: mode preview writes nothing; import replaces the entries (all rows or none). */
export function importSpeakers(id: number, file: File, mode: 'preview' | 'import'): Promise<SpeakerImport> {
  const form = new FormData()
  form.append('file', file, file.name)
  return http.upload<SpeakerImport>(base(id) + '/entries/import', form, { query: { mode } })
}

export async function downloadSpeakerTemplate(): Promise<void> {
  saveDownload(await download('/judging/speakers/template.xlsx', 'speakers.xlsx'))
}

export function drawOrder(id: number, seed?: string): Promise<Draw> {
  return http.post<Draw>(base(id) + '/draw', seed ? { seed } : {})
}

export function judgingDraws(id: number): Promise<Draw[]> {
  return http.get<Draw[]>(base(id) + '/draws')
}

// reason is kept in the audit trail; reopening a locked contest needs one
export function setJudgingStatus(id: number, status: JudgingStatus, reason?: string): Promise<JudgingContest> {
  return http.post<JudgingContest>(base(id) + '/status', reason ? { status, reason } : { status })
}

export interface StageCommand {
  type: 'onstage' | 'start' | 'stop' | 'reveal' | 'ranking'
  entryId?: number
  show?: boolean
}

export function stageCommand(id: number, cmd: StageCommand): Promise<unknown> {
  return http.post(base(id) + '/stage', cmd)
}

export function judgingBoard(id: number): Promise<Board> {
  return http.get<Board>(base(id) + '/board')
}

export function judgingPad(id: number): Promise<Pad> {
  return http.get<Pad>(base(id) + '/pad')
}

export function getDraft(id: number, entry: number): Promise<Sheet> {
  return http.get<Sheet>(`${base(id)}/entries/${entry}/draft`)
}

export function saveDraft(id: number, entry: number, sheet: SheetInput): Promise<void> {
  return http.put<void>(`${base(id)}/entries/${entry}/draft`, sheet)
}

export function submitSheet(id: number, entry: number, sheet: SheetInput): Promise<{ sheet: Sheet; duplicate?: boolean }> {
  return http.post(`${base(id)}/entries/${entry}/sheet`, sheet)
}

export function declareConflict(id: number, entry: number, reason: string): Promise<void> {
  return http.post<void>(`${base(id)}/entries/${entry}/conflict`, { reason })
}

export async function judgingSheets(id: number): Promise<Sheet[]> {
  return (await http.get<ItemList<Sheet>>(base(id) + '/sheets')).items ?? []
}

export function reopenSheet(id: number, entry: number, judge: number, reason: string): Promise<Sheet> {
  return http.post<Sheet>(`${base(id)}/entries/${entry}/sheets/${judge}/reopen`, { reason })
}

export async function judgingRecusals(id: number): Promise<Recused[]> {
  return (await http.get<ItemList<Recused>>(base(id) + '/recusals')).items ?? []
}

export function judgingResults(id: number): Promise<Results> {
  return http.get<Results>(base(id) + '/results')
}

export async function downloadResults(id: number): Promise<void> {
  saveDownload(await download(base(id) + '/results.xlsx', 'results.xlsx'))
}

export function judgingAppeals(id: number): Promise<Appeal[]> {
  return http.get<Appeal[]>(base(id) + '/appeals')
}

export function fileAppeal(id: number, entryId: number, text: string): Promise<Appeal> {
  return http.post<Appeal>(base(id) + '/appeals', { entryId, text })
}

export function decideAppeal(id: number, appeal: number, outcome: 'upheld' | 'rejected', note: string): Promise<Appeal> {
  return http.post<Appeal>(`${base(id)}/appeals/${appeal}/decide`, { outcome, note })
}

/** People an organizer may seat on the panel (active users of a unit or matching q). */
export function findPeople(f: { unitId?: number; q?: string }): Promise<{ id: number; name: string; account: string; unitId: number; unitName: string }[]> {
  return http.get('/contests/people', { query: { unitId: f.unitId, q: f.q } })
}

/** POST /judging/contests/:id/certificates: issue (or reissue) the award certificates. */
export async function issueCertificates(id: number): Promise<AwardCertificate[]> {
  return (await http.post<ItemList<AwardCertificate>>(base(id) + '/certificates')).items ?? []
}

export async function judgingCertificates(id: number): Promise<AwardCertificate[]> {
  return (await http.get<ItemList<AwardCertificate>>(base(id) + '/certificates')).items ?? []
}

/** GET …/trail: every sheet version, declared conflicts, draws and appeals (organizer). */
export async function judgingTrail(id: number): Promise<Trail> {
  const t = await http.get<Trail>(base(id) + '/trail')
  return { events: t.events ?? [], names: t.names ?? {} }
}
