import { API_BASE, http } from './http'
import type { ItemList } from '@/types/page'
import type { Contest, ContestPerson, ContestSummary, ContestView, DeviceRow, TimelineRow } from '@/types/contest'

/** GET /contests: published contests, and my drafts. */
export async function listContests(): Promise<ContestSummary[]> {
  const res = await http.get<ItemList<ContestSummary>>('/contests')
  return res.items ?? []
}

/** GET /contests/:id (questions for its host only). */
export function getContest(id: number): Promise<Contest> {
  return http.get<Contest>(`/contests/${id}`)
}

/** POST /contests: create a draft contest (title and configuration). */
export function createContest(body: { title: string; config: unknown }): Promise<Contest> {
  return http.post<Contest>('/contests', body)
}

/** PUT /contests/:id: replace a draft's title and configuration (409 once published). */
export function updateContest(id: number, body: { title: string; config: unknown }): Promise<Contest> {
  return http.put<Contest>(`/contests/${id}`, body)
}

/** GET /contests/people: active staff of a unit (or matching q), to seat as players. */
export function contestPeople(f: { unitId?: number; q?: string }): Promise<ContestPerson[]> {
  return http.get<ContestPerson[]>('/contests/people', { query: { unitId: f.unitId, q: f.q } })
}

/** POST /contests/:id/publish: snapshot the questions and publish. */
export function publishContest(id: number): Promise<Contest> {
  return http.post<Contest>(`/contests/${id}/publish`)
}

/** GET /contests/:id/state: the game as I may see it. */
export function getContestState(id: number): Promise<ContestView> {
  return http.get<ContestView>(`/contests/${id}/state`)
}

/** GET /contests/:id/timeline: every press, answer and score change. */
export async function getTimeline(id: number): Promise<TimelineRow[]> {
  const res = await http.get<ItemList<TimelineRow>>(`/contests/${id}/timeline`)
  return res.items ?? []
}

/** GET /contests/:id/devices: the sockets connected to this instance. */
export async function listDevices(id: number): Promise<DeviceRow[]> {
  const res = await http.get<ItemList<DeviceRow>>(`/contests/${id}/devices`)
  return res.items ?? []
}

/** The URL of GET /contests/:id/export (.xlsx), for a download link. */
export function exportUrl(id: number): string {
  return `${API_BASE}/contests/${id}/export`
}
