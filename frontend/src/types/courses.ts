// Training schedules (issue 3): the shapes the courses API sends and takes.

export const CLASS_KINDS = ['legal_central', 'legal_topical', 'lecture', 'online_case', 'drill', 'other'] as const
export type ClassKind = (typeof CLASS_KINDS)[number]

export const DOMAINS = ['press', 'copyright', 'performance', 'relics', 'broadcast', 'internet', 'general'] as const
export type Domain = (typeof DOMAINS)[number]

export const ATTENDANCE_STATUSES = ['present', 'late', 'absent', 'excused'] as const
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number]

export interface Phase {
  name: string
  startsOn: string
  endsOn: string
}

export interface Programme {
  id: number
  year: number
  title: string
  phases: Phase[]
}

export interface CheckinWindow {
  opensBeforeMin: number
  closesAfterMin: number
  graceMin: number
}

export interface TrainingClass {
  id: number
  programmeId: number | null
  title: string
  kind: ClassKind
  domains: Domain[]
  laws: string[]
  organizerId: number
  offPost: boolean
  lecturer: string
  lecturerOrg: string
  description: string
  threshold: number
  paperId: number | null
  window: CheckinWindow
  feedToken?: string
  createdAt: string
}

export interface ClassInput {
  programmeId: number | null
  title: string
  kind: ClassKind
  domains: Domain[]
  laws: string[]
  offPost: boolean
  lecturer: string
  lecturerOrg: string
  description: string
  threshold: number
  paperId: number | null
  opensBeforeMin: number
  closesAfterMin: number
  graceMin: number
}

export interface Batch {
  id: number
  classId: number
  name: string
  startsOn: string
  endsOn: string
  venue: string
  capacity: number
  unitIds: number[]
  enrolled: number
  waitlisted: number
  requested: number
}

export interface BatchInput {
  name: string
  startsOn: string
  endsOn: string
  venue: string
  capacity: number
  unitIds: number[]
}

export interface ClassDetail extends TrainingClass {
  batches: Batch[]
  canManage: boolean
}

export interface Session {
  id: number
  batchId: number
  classId: number
  start: string
  end: string
  topic: string
  lecturer: string
  venue: string
  hours: number
  cancelled: boolean
  sequence: number
  classTitle?: string
  batchName?: string
  classKind?: ClassKind
}

export interface SessionInput {
  batchId: number
  start: string
  end: string
  topic: string
  lecturer: string
  venue: string
  hours: number
  cancelled: boolean
  override?: boolean
  reason?: string
}

export type ClashKind = 'person' | 'venue' | 'lecturer' | 'outside_batch'

export interface Clash {
  kind: ClashKind
  sessionId: number
  label: string
  otherId?: number
  other?: string
  subject?: string
  people?: number[]
  message: string
}

export type EnrolState = 'enrolled' | 'waitlisted' | 'requested'

export interface Enrolment {
  batchId: number
  userId: number
  state: EnrolState
  position: number
  leaveRequested: boolean
  createdAt: string
  name?: string
  unitId?: number
  unitName?: string
}

export interface EnrolInput {
  userIds: number[]
  unitIds: number[]
  override?: boolean
  reason?: string
}

export interface EnrolResult {
  enrolled: number[]
  waitlisted: number[]
  already: number[]
}

export interface Attendance {
  sessionId: number
  userId: number
  status: AttendanceStatus | ''
  checkedInAt: string | null
  source: string
  reason?: string
  name?: string
  unitName?: string
}

export interface Display {
  session: Session
  token: string
  expiresAt: string
  checkedIn: number
  enrolled: number
  window: CheckinWindow
  url: string
}

export interface Progress {
  classId: number
  sessions: number
  held: number
  attended: number
  rate: number
  hours: number
  quizOk: boolean
  complete: boolean
}

export interface CheckInResult {
  session: Session
  attendance: Attendance
  already: boolean
  hours: number
  progress: Progress
}

export interface HoursLine {
  year: number
  kind: ClassKind
  domain: Domain
  hours: number
}

export interface Certificate {
  id: number
  userId: number
  classId: number
  code: string
  hours: number
  issuedAt: string
  name: string
  classTitle: string
}

export interface TrainingRecord {
  hours: HoursLine[]
  total: number
  classes: Progress[]
  certificates: Certificate[]
}

/** Another person's record, as their unit head or an organizer reads it. */
export interface PersonRecord extends TrainingRecord {
  userId: number
  name: string
  unitId: number
  unitName: string
}

export interface UnitRate {
  unitId: number
  unitName: string
  expected: number
  attended: number
}

export interface CourseStats {
  year: number
  byUnit: UnitRate[]
  byDomain: { domain: Domain; hours: number }[]
  enrolment: { batchId: number; label: string; capacity: number; enrolled: number; waitlisted: number }[]
}

/** One person's attendance of the sessions held so far. */
export interface PersonRate {
  userId: number
  name: string
  unitId: number
  unitName: string
  expected: number
  present: number
  late: number
  excused: number
  absent: number
  hours: number
}

export interface UnitAttendance {
  year: number
  unitId: number
  unitName: string
  items: PersonRate[]
}
