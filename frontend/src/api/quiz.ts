import { buildUrl, csrfToken, CSRF_HEADER, download, http, requestLanguage, toApiError, ApiError, type Download } from './http'
import type { Page } from '@/types/page'
import type {
  Retention,
  Assignment,
  Bank,
  DrawRule,
  Feedback,
  ImportJob,
  ImportProgress,
  Law,
  LawVersion,
  Match,
  MyPaper,
  NewQuestion,
  NotebookDue,
  NotebookEntry,
  Paper,
  PaperInput,
  PaperStats,
  PendingItem,
  PersonStats,
  PracticeQuestion,
  Question,
  QuestionFilter,
  QuizImportReport,
  QuizImportResult,
  Response,
  RulePreview,
  Save,
  Sheet,
} from '@/types/quiz'

/** GET /quiz/laws: the registry with versions (oldest first). */
export function listLaws(): Promise<Law[]> {
  return http.get<Law[]>('/quiz/laws')
}

/** POST /quiz/laws. */
export function createLaw(l: { name: string; kind: string; domains: string[]; version: { label: string; effective: string; note?: string } }): Promise<Law> {
  return http.post<Law>('/quiz/laws', l)
}

/** POST /quiz/laws/:id/versions: flags citing questions needs-review. */
export function addLawVersion(lawId: number, v: { label: string; effective: string; note?: string }): Promise<{ version: LawVersion; flagged: number }> {
  return http.post(`/quiz/laws/${lawId}/versions`, v)
}

/** GET /quiz/banks. */
export function listBanks(): Promise<Bank[]> {
  return http.get<Bank[]>('/quiz/banks')
}

/** POST /quiz/banks. */
export function createBank(b: { name: string; description: string }): Promise<Bank> {
  return http.post<Bank>('/quiz/banks', b)
}

function filterQuery(f: QuestionFilter) {
  return {
    q: f.q?.trim(),
    type: f.type,
    lawId: f.lawId,
    domain: f.domain,
    difficulty: f.difficulty,
    status: f.status,
    bankId: f.bankId,
    page: f.page,
    pageSize: f.pageSize,
  }
}

/** GET /quiz/questions. */
export function listQuestions(f: QuestionFilter = {}): Promise<Page<Question>> {
  return http.get<Page<Question>>('/quiz/questions', { query: filterQuery(f) })
}

/** GET /quiz/questions/:id. */
export function getQuestion(id: number): Promise<Question> {
  return http.get<Question>(`/quiz/questions/${id}`)
}

/** POST /quiz/questions. */
export function createQuestion(q: NewQuestion): Promise<Question> {
  return http.post<Question>('/quiz/questions', q)
}

/** PUT /quiz/questions/:id: stores a new revision. */
export function updateQuestion(id: number, q: NewQuestion): Promise<Question> {
  return http.put<Question>(`/quiz/questions/${id}`, q)
}

/** POST /quiz/questions/duplicates. */
export function findDuplicates(stem: string, except = 0): Promise<Match[]> {
  return http.post<Match[]>('/quiz/questions/duplicates', { stem, except })
}

/** GET /quiz/questions/export (same filters). */
export function exportQuestions(f: QuestionFilter = {}): Promise<Download> {
  return download('/quiz/questions/export', 'questions.xlsx', filterQuery(f))
}

/** GET /quiz/import/template. */
export function questionTemplate(): Promise<Download> {
  return download('/quiz/import/template', 'questions-template.xlsx')
}

function fileForm(file: File, bankId?: number): FormData {
  const form = new FormData()
  form.append('file', file, file.name)
  if (bankId) form.append('bankId', String(bankId))
  return form
}

/** POST /quiz/import/preview: checks a .txt or .xlsx file, writes nothing. */
export function previewQuestionImport(file: File): Promise<QuizImportReport> {
  return http.upload<QuizImportReport>('/quiz/import/preview', fileForm(file))
}

/** POST /quiz/import: all or nothing. */
export function commitQuestionImport(file: File, bankId?: number): Promise<QuizImportResult> {
  return http.upload<QuizImportResult>('/quiz/import', fileForm(file, bankId))
}

/**
 * POST /quiz/import/jobs: uploads the file (reporting upload progress, which
 * fetch cannot) and starts a background check or import; answers the job.
 */
export function startImportJob(
  file: File,
  mode: 'preview' | 'import',
  bankId: number | undefined,
  onUpload: (loaded: number, total: number) => void,
): Promise<ImportJob> {
  const form = fileForm(file, bankId)
  form.append('mode', mode)
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', buildUrl('/quiz/import/jobs'))
    xhr.withCredentials = true
    xhr.setRequestHeader('Accept', 'application/json')
    const lang = requestLanguage()
    if (lang) xhr.setRequestHeader('Accept-Language', lang)
    const token = csrfToken()
    if (token) xhr.setRequestHeader(CSRF_HEADER, token)
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onUpload(e.loaded, e.total)
    }
    xhr.onload = () => {
      const res = new globalThis.Response(xhr.responseText || null, { status: xhr.status, headers: { 'Content-Type': 'application/json' } })
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(JSON.parse(xhr.responseText) as ImportJob)
      } else {
        void toApiError(res).then(reject, reject)
      }
    }
    xhr.onerror = () => reject(new ApiError({ status: 0, code: 'network', message: 'network error' }))
    xhr.send(form)
  })
}

/**
 * GET /quiz/import/jobs/:id: progress; a failed job answers its error. A
 * finished preview carries one page of its rows (offset, limit).
 */
export function importJob(id: string, page?: { offset: number; limit: number }): Promise<ImportJob> {
  return http.get<ImportJob>(`/quiz/import/jobs/${encodeURIComponent(id)}`, { query: page })
}

/**
 * Runs a background check or import to its end: the upload, then polls every
 * 300 ms, calling onProgress with each state. Rejects with the job's error.
 */
export async function runImportJob(
  file: File,
  mode: 'preview' | 'import',
  bankId: number | undefined,
  onProgress: (p: ImportProgress) => void,
): Promise<ImportJob> {
  let job = await startImportJob(file, mode, bankId, (loaded, total) => onProgress({ stage: 'upload', done: loaded, total }))
  onProgress({ stage: job.phase, done: job.done, total: job.total })
  while (job.state === 'running') {
    await new Promise((r) => setTimeout(r, 300))
    job = await importJob(job.id)
    onProgress({ stage: job.state === 'done' ? 'done' : job.phase, done: job.done, total: job.total })
  }
  return job
}

/** POST /quiz/rules/preview. */
export function previewRules(rules: DrawRule[]): Promise<RulePreview[]> {
  return http.post<RulePreview[]>('/quiz/rules/preview', { rules })
}

/** GET /quiz/papers. */
export function listPapers(): Promise<Paper[]> {
  return http.get<Paper[]>('/quiz/papers')
}

/** GET /quiz/papers/:id. */
export function getPaper(id: number): Promise<Paper> {
  return http.get<Paper>(`/quiz/papers/${id}`)
}

/** POST /quiz/papers. */
export function createPaper(p: PaperInput): Promise<Paper> {
  return http.post<Paper>('/quiz/papers', p)
}

/** PUT /quiz/papers/:id: while nobody has started it (409 after). */
export function updatePaper(id: number, p: PaperInput): Promise<Paper> {
  return http.put<Paper>(`/quiz/papers/${id}`, p)
}

/** POST /quiz/papers/:id/copy: a new paper of mine with the same content. */
export function copyPaper(id: number, title = ''): Promise<Paper> {
  return http.post<Paper>(`/quiz/papers/${id}/copy`, { title })
}

/** POST /quiz/papers/:id/archive: archive (true) or restore (false). */
export function archivePaper(id: number, archived: boolean): Promise<Paper> {
  return http.post<Paper>(`/quiz/papers/${id}/archive`, { archived })
}

/** GET /quiz/people: active people matching q (organizers). */
export function findPeople(q: string): Promise<{ id: number; name: string; account: string; unitName: string }[]> {
  return http.get('/quiz/people', { query: { q } })
}

/** POST /quiz/papers/:id/assign. */
export function assignPaper(
  id: number,
  userIds: number[],
  unitIds: number[],
  classIds: number[] = [],
  batchIds: number[] = [],
): Promise<{ added: number }> {
  return http.post(`/quiz/papers/${id}/assign`, { userIds, unitIds, classIds, batchIds })
}

/** GET /quiz/papers/:id/assignments. */
export function listAssignments(id: number): Promise<Assignment[]> {
  return http.get<Assignment[]>(`/quiz/papers/${id}/assignments`)
}

/** GET /quiz/papers/:id/stats. */
export function paperStats(id: number): Promise<PaperStats> {
  return http.get<PaperStats>(`/quiz/papers/${id}/stats`)
}

/** GET /quiz/papers/:id/export: results and statistics. */
export function exportResults(id: number): Promise<Download> {
  return download(`/quiz/papers/${id}/export`, `paper-${id}.xlsx`)
}

/** GET /quiz/grading. */
export function listPending(): Promise<PendingItem[]> {
  return http.get<PendingItem[]>('/quiz/grading')
}

/** POST /quiz/attempts/:id/items/:seq/mark. */
export function markItem(attemptId: number, seq: number, score: number, parts?: number[]): Promise<void> {
  return http.post(`/quiz/attempts/${attemptId}/items/${seq}/mark`, parts ? { score, parts } : { score })
}

/** GET /quiz/people/:id/stats. */
export function personStats(userId: number): Promise<PersonStats> {
  return http.get<PersonStats>(`/quiz/people/${userId}/stats`)
}

/** GET /quiz/my/stats. */
export function myStats(): Promise<PersonStats> {
  return http.get<PersonStats>('/quiz/my/stats')
}

/** GET /quiz/my/papers. */
export function myPapers(): Promise<MyPaper[]> {
  return http.get<MyPaper[]>('/quiz/my/papers')
}

/** POST /quiz/papers/:id/start: starts or resumes my attempt. */
export function startQuiz(paperId: number): Promise<Sheet> {
  return http.post<Sheet>(`/quiz/papers/${paperId}/start`)
}

/** GET /quiz/attempts/:id. */
export function getAttempt(id: number): Promise<Sheet> {
  return http.get<Sheet>(`/quiz/attempts/${id}`)
}

/** PUT /quiz/attempts/:id/answers: autosave. */
export function saveAnswers(id: number, answers: Save[]): Promise<Sheet> {
  return http.put<Sheet>(`/quiz/attempts/${id}/answers`, { answers })
}

/** POST /quiz/attempts/:id/submit (idempotent). */
export function submitAttempt(id: number, answers: Save[] = []): Promise<Sheet> {
  return http.post<Sheet>(`/quiz/attempts/${id}/submit`, { answers })
}

/** GET /quiz/practice/next. */
export function nextPractice(f: { lawId?: number; domain?: string; bankId?: number; random?: boolean; after?: number }): Promise<PracticeQuestion> {
  return http.get<PracticeQuestion>('/quiz/practice/next', { query: f })
}

/** POST /quiz/practice/:id/answer. */
export function answerPractice(questionId: number, response: Response): Promise<Feedback> {
  return http.post<Feedback>(`/quiz/practice/${questionId}/answer`, { response })
}

/** GET /quiz/notebook. */
export function notebook(f: { lawId?: number; domain?: string; all?: boolean; due?: 'today' } = {}): Promise<NotebookEntry[]> {
  return http.get<NotebookEntry[]>('/quiz/notebook', { query: f })
}

/** GET /quiz/notebook/due. */
export function notebookDue(): Promise<NotebookDue> {
  return http.get<NotebookDue>('/quiz/notebook/due')
}

/** POST /quiz/notebook/:id/mastered. */
export function setMastered(questionId: number, mastered: boolean): Promise<void> {
  return http.post(`/quiz/notebook/${questionId}/mastered`, { mastered })
}

/** GET /quiz/my/retention: my retention curve per law (the review log). */
export function myRetention(): Promise<Retention> {
  return http.get<Retention>('/quiz/my/retention')
}

/** GET /quiz/retention: everyone's retention curve per law (organizers). */
export function allRetention(): Promise<Retention> {
  return http.get<Retention>('/quiz/retention')
}
