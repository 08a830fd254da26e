import { download, http, type Download } from './http'
import type { ImportReport, ImportResult } from '@/types/import'
import type { Page } from '@/types/page'
import type { User, UserCreate, UserFilter, UserPatch } from '@/types/user'

/** GET /users with filters and paging. */
export function listUsers(f: UserFilter = {}): Promise<Page<User>> {
  return http.get<Page<User>>('/users', {
    query: {
      q: f.q?.trim(),
      unitId: f.unitId,
      role: f.role,
      active: f.active,
      page: f.page,
      pageSize: f.pageSize,
    },
  })
}

/** GET /users/:id. */
export function getUser(id: number): Promise<User> {
  return http.get<User>(`/users/${id}`)
}

/** POST /users; the user must change the password at first login. */
export function createUser(u: UserCreate): Promise<User> {
  return http.post<User>('/users', u)
}

/** PATCH /users/:id; `active: false` disables the user and ends their sessions. */
export function updateUser(id: number, patch: UserPatch): Promise<User> {
  return http.patch<User>(`/users/${id}`, patch)
}

/** POST /users/:id/password: admin reset to a temporary password. */
export function resetPassword(id: number, password: string): Promise<void> {
  return http.post<void>(`/users/${id}/password`, { password })
}

/** GET /users/export: every user as .xlsx. */
export function exportUsers(): Promise<Download> {
  return download('/users/export', 'users.xlsx')
}

/** GET /users/import/template. */
export function importTemplate(): Promise<Download> {
  return download('/users/import/template', 'users-template.xlsx')
}

function fileForm(file: File): FormData {
  const form = new FormData()
  form.append('file', file, file.name)
  return form
}

/** POST /users/import/preview: checks every row, writes nothing. */
export function previewImport(file: File): Promise<ImportReport> {
  return http.upload<ImportReport>('/users/import/preview', fileForm(file))
}

/**
 * POST /users/import: creates every user or none. When a row is bad the
 * ApiError (422) carries the report; read it with importReportOf.
 */
export function importUsers(file: File): Promise<ImportResult> {
  return http.upload<ImportResult>('/users/import', fileForm(file))
}

/** The ImportReport a failed import answered with, if any. */
export function importReportOf(body: unknown): ImportReport | undefined {
  if (typeof body !== 'object' || body === null) return undefined
  const b = body as { report?: unknown; error?: { details?: unknown } }
  const r = b.report ?? b.error?.details
  if (typeof r === 'object' && r !== null && Array.isArray((r as ImportReport).rows)) {
    return r as ImportReport
  }
  return undefined
}
