// The one HTTP client of the application. It owns the session details
// (same-origin cookies, the CSRF header) and turns every error body into an
// ApiError, so callers only handle typed results and typed failures.

import type { ErrorBody } from '@/types/error'

export const API_BASE = '/api/v1'
export const CSRF_COOKIE = 'weishi_csrf'
export const CSRF_HEADER = 'X-CSRF-Token'

/** A failed API call: the HTTP status plus the decoded error body. */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  /** Request field name → message, for showing beside form fields. */
  readonly fields: Record<string, string>
  /** Seconds from the Retry-After header (429 answers). */
  readonly retryAfter?: number
  /** The whole decoded body, for endpoints that add data beside `error`. */
  readonly body: unknown

  constructor(init: {
    status: number
    code: string
    message: string
    fields?: Record<string, string>
    retryAfter?: number
    body?: unknown
  }) {
    super(init.message)
    this.name = 'ApiError'
    this.status = init.status
    this.code = init.code
    this.fields = init.fields ?? {}
    this.retryAfter = init.retryAfter
    this.body = init.body
  }

  get hasFields(): boolean {
    return Object.keys(this.fields).length > 0
  }
}

/** Reactions to session-level failures, installed once by main.ts. */
export interface HttpHooks {
  /** A request with a session answered 401: the session is gone. */
  onUnauthorized?: () => void
  /** A request answered 403 password_change_required. */
  onPasswordChangeRequired?: () => void
}

let hooks: HttpHooks = {}
let lastCsrfToken = ''
let language = ''

export function setHttpHooks(h: HttpHooks): void {
  hooks = h
}

/** Remembers the token from the last Me, used when the cookie is unreadable. */
export function setCsrfToken(token: string): void {
  lastCsrfToken = token
}

/**
 * Sets Accept-Language for every request. The server writes messages (field
 * errors included) in Chinese or English by this header, so it must follow
 * the UI language rather than the browser's.
 */
export function setRequestLanguage(lang: string): void {
  language = lang
}

/** The language set by setRequestLanguage, for requests sent outside `send`. */
export function requestLanguage(): string {
  return language
}

function readCookie(name: string): string {
  if (typeof document === 'undefined') return ''
  for (const part of document.cookie.split(';')) {
    const eq = part.indexOf('=')
    if (eq < 0) continue
    if (part.slice(0, eq).trim() === name) {
      return decodeURIComponent(part.slice(eq + 1).trim())
    }
  }
  return ''
}

export function csrfToken(): string {
  return readCookie(CSRF_COOKIE) || lastCsrfToken
}

export type Query = Record<string, string | number | boolean | null | undefined>

export interface RequestOptions {
  query?: Query
  /** Sent as JSON. */
  json?: unknown
  /** Sent as multipart/form-data. */
  form?: FormData
  signal?: AbortSignal
  /**
   * Do not run the 401 hook. For calls where 401 is an expected answer
   * (login with a wrong password, the first GET /me).
   */
  noAuthRedirect?: boolean
  /** Accept header; JSON unless a file is expected. */
  accept?: string
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

export function buildUrl(path: string, query?: Query): string {
  let url = API_BASE + path
  if (query) {
    const params = new URLSearchParams()
    for (const [key, value] of Object.entries(query)) {
      if (value === undefined || value === null || value === '') continue
      params.append(key, String(value))
    }
    const qs = params.toString()
    if (qs) url += '?' + qs
  }
  return url
}

function retryAfterSeconds(res: Response): number | undefined {
  const raw = res.headers.get('Retry-After')
  if (!raw) return undefined
  const n = Number(raw)
  if (Number.isFinite(n)) return Math.max(0, Math.ceil(n))
  const date = Date.parse(raw)
  if (!Number.isNaN(date)) return Math.max(0, Math.ceil((date - Date.now()) / 1000))
  return undefined
}

function isErrorBody(v: unknown): v is ErrorBody {
  if (typeof v !== 'object' || v === null) return false
  const e = (v as { error?: unknown }).error
  return typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string'
}

/** Decodes a failed response into an ApiError, whatever its body holds. */
export async function toApiError(res: Response): Promise<ApiError> {
  let body: unknown
  const text = await res.text().catch(() => '')
  if (text) {
    try {
      body = JSON.parse(text)
    } catch {
      body = text
    }
  }
  const retryAfter = retryAfterSeconds(res)
  if (isErrorBody(body)) {
    return new ApiError({
      status: res.status,
      code: body.error.code,
      message: body.error.message || res.statusText,
      fields: body.error.fields,
      retryAfter,
      body,
    })
  }
  return new ApiError({
    status: res.status,
    code: res.status >= 500 ? 'internal' : 'http_' + res.status,
    message: res.statusText || `HTTP ${res.status}`,
    retryAfter,
    body,
  })
}

function runHooks(err: ApiError, opts: RequestOptions): void {
  if (err.status === 401 && !opts.noAuthRedirect) hooks.onUnauthorized?.()
  if (err.status === 403 && err.code === 'password_change_required') {
    hooks.onPasswordChangeRequired?.()
  }
}

/** Sends a request and returns the raw Response once it is known to be 2xx. */
export async function send(
  method: string,
  path: string,
  opts: RequestOptions = {},
): Promise<Response> {
  const headers: Record<string, string> = { Accept: opts.accept ?? 'application/json' }
  if (language) headers['Accept-Language'] = language
  let body: BodyInit | undefined
  if (opts.form) {
    body = opts.form
  } else if (opts.json !== undefined) {
    headers['Content-Type'] = 'application/json'
    body = JSON.stringify(opts.json)
  }
  const upper = method.toUpperCase()
  if (UNSAFE_METHODS.has(upper)) {
    const token = csrfToken()
    if (token) headers[CSRF_HEADER] = token
  }

  let res: Response
  try {
    res = await fetch(buildUrl(path, opts.query), {
      method: upper,
      headers,
      body,
      credentials: 'same-origin',
      signal: opts.signal,
    })
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause
    throw new ApiError({ status: 0, code: 'network', message: String(cause) })
  }
  if (!res.ok) {
    const err = await toApiError(res)
    runHooks(err, opts)
    throw err
  }
  return res
}

/** Sends a request and decodes the JSON answer; 204 and empty bodies give undefined. */
export async function request<T>(
  method: string,
  path: string,
  opts: RequestOptions = {},
): Promise<T> {
  const res = await send(method, path, opts)
  if (res.status === 204) return undefined as T
  const text = await res.text()
  return (text ? JSON.parse(text) : undefined) as T
}

export const http = {
  get: <T>(path: string, opts?: RequestOptions) => request<T>('GET', path, opts),
  post: <T>(path: string, json?: unknown, opts?: RequestOptions) =>
    request<T>('POST', path, { ...opts, json }),
  patch: <T>(path: string, json?: unknown, opts?: RequestOptions) =>
    request<T>('PATCH', path, { ...opts, json }),
  put: <T>(path: string, json?: unknown, opts?: RequestOptions) =>
    request<T>('PUT', path, { ...opts, json }),
  delete: <T = void>(path: string, opts?: RequestOptions) => request<T>('DELETE', path, opts),
  upload: <T>(path: string, form: FormData, opts?: RequestOptions) =>
    request<T>('POST', path, { ...opts, form }),
}

/** A downloaded file: its bytes and the name the server suggested. */
export interface Download {
  blob: Blob
  filename: string
}

function filenameFrom(res: Response, fallback: string): string {
  const cd = res.headers.get('Content-Disposition') ?? ''
  const star = /filename\*\s*=\s*(?:UTF-8'')?([^;]+)/i.exec(cd)
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''))
    } catch {
      /* fall through to the plain form */
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(cd)
  return plain?.[1]?.trim() || fallback
}

/** GETs a file (with the session cookie) so errors surface as ApiError. */
export async function download(path: string, fallbackName: string, query?: Query): Promise<Download> {
  const res = await send('GET', path, { query, accept: '*/*' })
  return { blob: await res.blob(), filename: filenameFrom(res, fallbackName) }
}

/** Hands a downloaded file to the browser's save mechanism. */
export function saveDownload({ blob, filename }: Download): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  document.body.appendChild(a)
  a.click()
  a.remove()
  // revoked once the browser has surely taken it (a big file on a busy machine)
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
