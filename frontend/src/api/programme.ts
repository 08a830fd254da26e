import { download, http, type Download } from './http'
import type {
  Announcement,
  Bulletin,
  Candidate,
  Metric,
  Nomination,
  Overview,
  PersonalRecord,
  ProgrammeFile,
  ProgrammeTask,
  Ranking,
  Receipt,
  Report,
  RowPage,
  TaskInput,
  UnitTask,
  Weights,
} from '@/types/programme'

const base = '/programme'

/** GET /programme/tasks. */
export function listTasks(year: number): Promise<ProgrammeTask[]> {
  return http.get<ProgrammeTask[]>(`${base}/tasks`, { query: { year } })
}

/** POST /programme/tasks. */
export function createTask(input: TaskInput): Promise<ProgrammeTask> {
  return http.post<ProgrammeTask>(`${base}/tasks`, input)
}

/** GET /programme/unit-tasks. */
export function listUnitTasks(query: { year: number; unitId?: number; area?: string }): Promise<UnitTask[]> {
  return http.get<UnitTask[]>(`${base}/unit-tasks`, { query })
}

/** POST /programme/tasks/:id/units/:unit/done. */
export function markDone(taskId: number, unitId: number, body: { fileId?: number; note: string }): Promise<UnitTask> {
  return http.post<UnitTask>(`${base}/tasks/${taskId}/units/${unitId}/done`, body)
}

/** POST /programme/tasks/:id/units/:unit/return. */
export function returnTask(taskId: number, unitId: number, note: string): Promise<UnitTask> {
  return http.post<UnitTask>(`${base}/tasks/${taskId}/units/${unitId}/return`, { note })
}

/** POST /programme/files (multipart). */
export function uploadFile(file: File, unitId?: number): Promise<ProgrammeFile> {
  const form = new FormData()
  form.append('file', file)
  return http.upload<ProgrammeFile>(`${base}/files`, form, { query: { unitId } })
}

/** GET /programme/files/:id. */
export function downloadFile(id: number, name: string): Promise<Download> {
  return download(`${base}/files/${id}`, name)
}

/** GET /programme/reports. */
export function listReports(year: number): Promise<Report[]> {
  return http.get<Report[]>(`${base}/reports`, { query: { year } })
}

/** POST /programme/reports. */
export function createReport(input: { year: number; title: string; authors: string; unitId: number; abstract: string; fileId: number }): Promise<Report> {
  return http.post<Report>(`${base}/reports`, input)
}

/** POST /programme/reports/:id/outstanding. */
export function markOutstanding(id: number, outstanding: boolean): Promise<Report> {
  return http.post<Report>(`${base}/reports/${id}/outstanding`, { outstanding })
}

/** POST /programme/reports/:id/appraisal: the report becomes an entry of a draft document appraisal. */
export function sendToAppraisal(id: number, contestId: number): Promise<Report> {
  return http.post<Report>(`${base}/reports/${id}/appraisal`, { contestId })
}

/** GET /programme/announcements. */
export function listAnnouncements(): Promise<{ unread: number; items: Announcement[] }> {
  return http.get(`${base}/announcements`)
}

/** GET /programme/announcements/unread. */
export function unreadCount(): Promise<{ unread: number }> {
  return http.get(`${base}/announcements/unread`)
}

/** POST /programme/announcements. */
export function publishAnnouncement(input: { title: string; body: string; unitIds: number[] }): Promise<Announcement> {
  return http.post<Announcement>(`${base}/announcements`, input)
}

/** POST /programme/announcements/:id/read. */
export function readAnnouncement(id: number): Promise<Announcement> {
  return http.post<Announcement>(`${base}/announcements/${id}/read`)
}

/** GET /programme/announcements/:id/receipts. */
export function receipts(id: number): Promise<Receipt[]> {
  return http.get<Receipt[]>(`${base}/announcements/${id}/receipts`)
}

/** GET /programme/overview. */
export function overview(year: number, unitId?: number): Promise<Overview> {
  return http.get<Overview>(`${base}/overview`, { query: { year, unitId } })
}

/** GET /programme/rows. */
export function rows(query: { metric: Metric; year: number; unitId?: number; area?: string; from?: string; to?: string }): Promise<RowPage> {
  return http.get<RowPage>(`${base}/rows`, { query })
}

/** GET /programme/record. */
export function personalRecord(year: number, userId?: number): Promise<PersonalRecord> {
  return http.get<PersonalRecord>(`${base}/record`, { query: { year, userId } })
}

/** GET /programme/bulletins. */
export function listBulletins(): Promise<Bulletin[]> {
  return http.get<Bulletin[]>(`${base}/bulletins`)
}

/** POST /programme/bulletins. */
export function draftBulletin(input: { title: string; fromOn: string; toOn: string }): Promise<Bulletin> {
  return http.post<Bulletin>(`${base}/bulletins`, input)
}

/** GET /programme/bulletins/:id. */
export function getBulletin(id: number): Promise<Bulletin> {
  return http.get<Bulletin>(`${base}/bulletins/${id}`)
}

/** PUT /programme/bulletins/:id. */
export function editBulletin(id: number, input: { title: string; body: string }): Promise<Bulletin> {
  return http.put<Bulletin>(`${base}/bulletins/${id}`, input)
}

/** POST /programme/bulletins/:id/publish. */
export function publishBulletin(id: number): Promise<Bulletin> {
  return http.post<Bulletin>(`${base}/bulletins/${id}/publish`)
}

/** GET /programme/awards/ranking. */
export function ranking(year: number): Promise<Ranking> {
  return http.get<Ranking>(`${base}/awards/ranking`, { query: { year } })
}

/** PUT /programme/awards/weights. */
export function setWeights(year: number, w: Weights): Promise<Weights> {
  return http.put<Weights>(`${base}/awards/weights`, w, { query: { year } })
}

/** GET /programme/awards/proposals. */
export function proposals(year: number): Promise<Candidate[]> {
  return http.get<Candidate[]>(`${base}/awards/proposals`, { query: { year } })
}

/** GET /programme/awards/nominations. */
export function nominations(year: number): Promise<Nomination[]> {
  return http.get<Nomination[]>(`${base}/awards/nominations`, { query: { year } })
}

/** POST /programme/awards/nominations. */
export function nominate(input: { year: number; userId: number; reason: string; source?: string }): Promise<Nomination> {
  return http.post<Nomination>(`${base}/awards/nominations`, input)
}

/** POST /programme/awards/nominations/:id/decide. */
export function decide(id: number, approve: boolean, reason: string): Promise<Nomination> {
  return http.post<Nomination>(`${base}/awards/nominations/${id}/decide`, { approve, reason })
}

/** GET /programme/awards/commendations.xlsx. */
export function downloadCommendations(year: number): Promise<Download> {
  return download(`${base}/awards/commendations.xlsx`, `commendations-${year}.xlsx`, { year })
}
