import { download, http, type Download } from './http'
import type {
  Attendance,
  Batch,
  BatchInput,
  CheckInResult,
  Certificate,
  Clash,
  ClassDetail,
  ClassInput,
  CourseStats,
  Display,
  EnrolInput,
  EnrolResult,
  Enrolment,
  Programme,
  Session,
  SessionInput,
  TrainingClass,
  TrainingRecord,
  UnitAttendance,
  PersonRecord,
} from '@/types/courses'

const base = '/courses'

/** GET /courses/programmes. */
export function listProgrammes(): Promise<Programme[]> {
  return http.get<Programme[]>(`${base}/programmes`)
}

/** GET /courses/classes. */
export function listClasses(query: { year?: number; kind?: string } = {}): Promise<TrainingClass[]> {
  return http.get<TrainingClass[]>(`${base}/classes`, { query })
}

/** POST /courses/classes. */
export function createClass(input: ClassInput): Promise<TrainingClass> {
  return http.post<TrainingClass>(`${base}/classes`, input)
}

/** GET /courses/classes/:id: the class with its batches. */
export function getClass(id: number): Promise<ClassDetail> {
  return http.get<ClassDetail>(`${base}/classes/${id}`)
}

/** PUT /courses/classes/:id. */
export function updateClass(id: number, input: ClassInput): Promise<TrainingClass> {
  return http.put<TrainingClass>(`${base}/classes/${id}`, input)
}

/** GET /courses/classes/:id/sessions. */
export function classSessions(id: number): Promise<Session[]> {
  return http.get<Session[]>(`${base}/classes/${id}/sessions`)
}

/** POST /courses/classes/:id/batches. */
export function createBatch(classId: number, input: BatchInput): Promise<Batch> {
  return http.post<Batch>(`${base}/classes/${classId}/batches`, input)
}

/** PUT /courses/batches/:id. */
export function updateBatch(id: number, input: BatchInput): Promise<Batch> {
  return http.put<Batch>(`${base}/batches/${id}`, input)
}

/** POST /courses/classes/:id/certificates. */
/** Who would receive a certificate now, and why the others would not. */
export interface IssuePreview {
  people: number
  eligible: number
  issued: number
  lowAttend: number
  quizOpen: number
  threshold: number
  quiz: boolean
}

/** GET /courses/classes/:id/certificates/preview (writes nothing). */
export function previewIssue(classId: number): Promise<IssuePreview> {
  return http.get<IssuePreview>(`${base}/classes/${classId}/certificates/preview`)
}

export function issueCertificates(classId: number): Promise<{ issued: number }> {
  return http.post<{ issued: number }>(`${base}/classes/${classId}/certificates`)
}

/** GET /courses/batches/:id/enrolments. */
export function listEnrolments(batchId: number): Promise<Enrolment[]> {
  return http.get<Enrolment[]>(`${base}/batches/${batchId}/enrolments`)
}

/** POST /courses/batches/:id/enrolments; a 409 ApiError lists clashes in body.report.clashes. */
export function enrol(batchId: number, input: EnrolInput): Promise<EnrolResult> {
  return http.post<EnrolResult>(`${base}/batches/${batchId}/enrolments`, input)
}

/** DELETE /courses/batches/:id/enrolments/:userId. */
export function removeEnrolment(batchId: number, userId: number): Promise<void> {
  return http.delete(`${base}/batches/${batchId}/enrolments/${userId}`)
}

/** POST /courses/batches/:id/requests/:userId. */
export function decideRequest(batchId: number, userId: number, approve: boolean): Promise<void> {
  return http.post(`${base}/batches/${batchId}/requests/${userId}`, { approve })
}

/** POST /courses/batches/:id/join. */
export function requestJoin(batchId: number): Promise<void> {
  return http.post(`${base}/batches/${batchId}/join`)
}

/** POST /courses/batches/:id/leave. */
export function requestLeave(batchId: number): Promise<void> {
  return http.post(`${base}/batches/${batchId}/leave`)
}

/** POST /courses/sessions/check: the clashes a save would cause. */
export async function checkSession(id: number, input: SessionInput): Promise<Clash[]> {
  const res = await http.post<{ clashes: Clash[] }>(`${base}/sessions/check`, { id, ...input })
  return res.clashes ?? []
}

/** POST /courses/sessions or PUT /courses/sessions/:id. */
export function saveSession(id: number, input: SessionInput): Promise<Session> {
  return id ? http.put<Session>(`${base}/sessions/${id}`, input) : http.post<Session>(`${base}/sessions`, input)
}

/** GET /courses/sessions/:id. */
export function getSession(id: number): Promise<Session> {
  return http.get<Session>(`${base}/sessions/${id}`)
}

/** GET /courses/sessions/:id/display: the current rotating token and count. */
export function checkinDisplay(id: number): Promise<Display> {
  return http.get<Display>(`${base}/sessions/${id}/display`)
}

/** URL of the check-in QR code image (changes with the token). */
export function checkinQRUrl(id: number, token: string): string {
  return `/api/v1${base}/sessions/${id}/qr.png?v=${encodeURIComponent(token)}`
}

/** GET /courses/sessions/:id/roster. */
export function roster(id: number): Promise<Attendance[]> {
  return http.get<Attendance[]>(`${base}/sessions/${id}/roster`)
}

/** POST /courses/sessions/:id/marks. */
export function markAttendance(id: number, userId: number, status: string, reason: string): Promise<Attendance> {
  return http.post<Attendance>(`${base}/sessions/${id}/marks`, { userId, status, reason })
}

/** GET /courses/sessions/:id/signin.xlsx. */
export function downloadSignIn(id: number): Promise<Download> {
  return download(`${base}/sessions/${id}/signin.xlsx`, 'signin.xlsx')
}

/** GET /courses/classes/:id/attendance.xlsx. */
export function downloadClassAttendance(id: number): Promise<Download> {
  return download(`${base}/classes/${id}/attendance.xlsx`, 'attendance.xlsx')
}

/** GET /courses/units/attendance.xlsx. */
export function downloadUnitAttendance(year: number): Promise<Download> {
  return download(`${base}/units/attendance.xlsx`, 'units.xlsx', { year })
}

/** GET /courses/records.xlsx. */
export function downloadRecords(year: number): Promise<Download> {
  return download(`${base}/records.xlsx`, 'records.xlsx', { year })
}

/** POST /courses/checkin with a scanned token. */
export function checkIn(token: string): Promise<CheckInResult> {
  return http.post<CheckInResult>(`${base}/checkin`, { token })
}

/** GET /courses/me/schedule (from, to as YYYY-MM-DD). */
export function mySchedule(from?: string, to?: string): Promise<Session[]> {
  return http.get<Session[]>(`${base}/me/schedule`, { query: { from, to } })
}

/** GET /courses/me/enrolments. */
export function myEnrolments(): Promise<Enrolment[]> {
  return http.get<Enrolment[]>(`${base}/me/enrolments`)
}

/** GET /courses/me/record. */
export function myRecord(): Promise<TrainingRecord> {
  return http.get<TrainingRecord>(`${base}/me/record`)
}

/** GET /courses/people/:id/record: a person's record (their unit head, organizers). */
export function personRecord(userId: number): Promise<PersonRecord> {
  return http.get<PersonRecord>(`${base}/people/${userId}/record`)
}

/** GET /courses/me/certificates/:code. */
export function myCertificate(code: string): Promise<Certificate> {
  return http.get<Certificate>(`${base}/me/certificates/${encodeURIComponent(code)}`)
}

/** GET /courses/me/feed: my private calendar link. */
export function myFeed(): Promise<{ url: string }> {
  return http.get<{ url: string }>(`${base}/me/feed`)
}

/** POST /courses/me/feed: a new link; the old one stops working. */
export function renewFeed(): Promise<{ url: string }> {
  return http.post<{ url: string }>(`${base}/me/feed`)
}

/** GET /courses/stats. */
export function courseStats(year: number): Promise<CourseStats> {
  return http.get<CourseStats>(`${base}/stats`, { query: { year } })
}

/** A staff member as the enrolment picker shows them. */
export interface Person {
  id: number
  name: string
  unitId: number
  unitName: string
}

/** GET /courses/people?q=: staff to enrol. */
export async function findPeople(q: string): Promise<Person[]> {
  const res = await http.get<{ items: Person[] }>(`${base}/people`, { query: { q } })
  return res.items ?? []
}

/** A schedule file checked row by row. */
export interface ScheduleReport {
  total: number
  valid: boolean
  errorCount: number
  created: number
  rows: {
    row: number
    class: string
    batch: string
    date: string
    from: string
    to: string
    topic: string
    errors?: Record<string, string>
  }[]
}

/** GET /courses/import/template. */
export function downloadScheduleTemplate(): Promise<Download> {
  return download(`${base}/import/template`, 'schedule-template.xlsx')
}

/** POST /courses/import/preview or /courses/import; a bad file gives a 422 ApiError with body.report. */
export function importSchedule(file: File, commit: boolean): Promise<ScheduleReport> {
  const form = new FormData()
  form.append('file', file)
  return http.upload<ScheduleReport>(`${base}/import${commit ? '' : '/preview'}`, form)
}

/** POST /courses/programmes. */
export function createProgramme(p: Omit<Programme, 'id'>): Promise<Programme> {
  return http.post<Programme>(`${base}/programmes`, p)
}

/** Each person's attendance in a unit and its sub-units (default: my unit). */
export function unitAttendance(year: number, unitId?: number): Promise<UnitAttendance> {
  return http.get<UnitAttendance>(`${base}/unit-attendance`, { query: { year, unitId } })
}

export function downloadPeopleAttendance(year: number, unitId?: number): Promise<Download> {
  return download(`${base}/unit-attendance.xlsx`, 'unit-attendance.xlsx', { year, unitId })
}
