import { ApiError, API_BASE, CSRF_HEADER, csrfToken, http, requestLanguage } from './http'
import type { JudgingContest, Judge } from '@/types/judging'
import type { AppraisalDocument, AppraisalFile, AssignmentView, Bulletin, JudgeView, Reveal, Section, Standard, UnitAppraisal } from '@/types/appraisal'

const base = (id: number) => `/appraisal/contests/${id}`

export function createAppraisal(body: { title: string; panel: Judge[] }): Promise<JudgingContest> {
  return http.post<JudgingContest>('/appraisal/contests', body)
}

export function unitAppraisals(): Promise<UnitAppraisal[]> {
  return http.get<UnitAppraisal[]>('/appraisal/unit')
}

export function standards(id: number): Promise<Standard[]> {
  return http.get<Standard[]>(base(id) + '/standards')
}

export function reviseStandard(id: number, s: Standard): Promise<Standard> {
  return http.post<Standard>(base(id) + '/standards', s)
}

export function assignment(id: number): Promise<AssignmentView> {
  return http.get<AssignmentView>(base(id) + '/assignment')
}

export function assign(id: number, k: number, seed?: string): Promise<unknown> {
  return http.post(base(id) + '/assignment', { k, seed: seed || undefined })
}

export function reassign(id: number, judgeId: number): Promise<unknown> {
  return http.post(base(id) + '/reassign', { judgeId })
}

export function judgeView(id: number): Promise<JudgeView> {
  return http.get<JudgeView>(base(id) + '/judge')
}

export function documents(id: number): Promise<AppraisalDocument[]> {
  return http.get<AppraisalDocument[]>(base(id) + '/documents')
}

export function reveal(id: number): Promise<Reveal> {
  return http.post<Reveal>(base(id) + '/reveal')
}

export function bulletin(id: number): Promise<Bulletin> {
  return http.get<Bulletin>(base(id) + '/bulletin')
}

export function redraftBulletin(id: number): Promise<Bulletin> {
  return http.post<Bulletin>(base(id) + '/bulletin/draft')
}

export function saveBulletin(id: number, body: { title: string; sections: Section[]; version: number; publish?: boolean }): Promise<Bulletin> {
  return http.put<Bulletin>(base(id) + '/bulletin', body)
}

/** The URL of a document file (served inline for PDF and images). */
export function fileUrl(fileId: string): string {
  return `${API_BASE}/appraisal/files/${encodeURIComponent(fileId)}`
}

/** The PDF a DOCX file was converted to (conversion 'done'). */
export function pdfUrl(fileId: string): string {
  return `${API_BASE}/appraisal/files/${encodeURIComponent(fileId)}/pdf`
}

/**
 * Uploads one file of an entry with progress (XMLHttpRequest: fetch has no
 * upload progress). A retry of the same content answers 200 with the file
 * already stored, so an interrupted upload is simply sent again.
 */
export function uploadFile(id: number, entryId: number, file: File, onProgress: (percent: number) => void): Promise<{ file: AppraisalFile; created: boolean }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', `${API_BASE}${base(id)}/entries/${entryId}/files`)
    xhr.withCredentials = true
    const token = csrfToken()
    if (token) xhr.setRequestHeader(CSRF_HEADER, token)
    const lang = requestLanguage()
    if (lang) xhr.setRequestHeader('Accept-Language', lang)
    xhr.setRequestHeader('Accept', 'application/json')
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100))
    }
    xhr.onerror = () => reject(new ApiError({ status: 0, code: 'network', message: 'network error' }))
    xhr.onload = () => {
      let body: unknown
      try {
        body = JSON.parse(xhr.responseText)
      } catch {
        body = undefined
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(body as { file: AppraisalFile; created: boolean })
        return
      }
      const e = (body as { error?: { code?: string; message?: string; fields?: Record<string, string> } } | undefined)?.error
      reject(new ApiError({ status: xhr.status, code: e?.code ?? 'error', message: e?.message ?? xhr.statusText, fields: e?.fields, body }))
    }
    const form = new FormData()
    form.append('file', file, file.name)
    xhr.send(form)
  })
}
