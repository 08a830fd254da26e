import { vi } from 'vitest'

export interface Call {
  url: string
  method: string
  headers: Record<string, string>
  body: unknown
  credentials?: RequestCredentials
}

type Reply = { status: number; body?: unknown; headers?: Record<string, string> }

/**
 * Replaces global fetch with a scripted server. Each reply is used once, in
 * order; every request is recorded.
 */
export function mockFetch(...replies: Reply[]) {
  const calls: Call[] = []
  const queue = [...replies]
  const fn = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    calls.push({
      url: String(input),
      method: init.method ?? 'GET',
      headers: { ...(init.headers as Record<string, string>) },
      body: typeof init.body === 'string' ? JSON.parse(init.body) : init.body,
      credentials: init.credentials,
    })
    const r = queue.shift()
    if (!r) throw new Error(`unexpected request ${init.method ?? 'GET'} ${String(input)}`)
    const text = r.body === undefined ? null : typeof r.body === 'string' ? r.body : JSON.stringify(r.body)
    return new Response(r.status === 204 ? null : text, { status: r.status, headers: r.headers })
  })
  vi.stubGlobal('fetch', fn)
  return { calls, fn }
}

export function setCookie(name: string, value: string): void {
  document.cookie = `${name}=${encodeURIComponent(value)}; path=/`
}

export function clearCookie(name: string): void {
  document.cookie = `${name}=; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT`
}

export function errorBody(code: string, message: string, fields?: Record<string, string>) {
  return { error: fields ? { code, message, fields } : { code, message } }
}
