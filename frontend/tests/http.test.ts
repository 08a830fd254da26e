import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError, buildUrl, download, http, setCsrfToken, setHttpHooks, setRequestLanguage } from '@/api/http'
import { clearCookie, errorBody, mockFetch, setCookie } from './helpers'

beforeEach(() => {
  clearCookie('weishi_csrf')
  setCsrfToken('')
  setHttpHooks({})
})
afterEach(() => {
  vi.unstubAllGlobals()
})

describe('error body', () => {
  it('becomes an ApiError with status, code, message and fields', async () => {
    mockFetch({
      status: 422,
      body: errorBody('invalid', 'validation failed', { account: 'already taken', unitId: 'unknown unit' }),
    })
    const err = await http.post('/users', { account: 'x' }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    const e = err as ApiError
    expect(e.status).toBe(422)
    expect(e.code).toBe('invalid')
    expect(e.message).toBe('validation failed')
    expect(e.fields).toEqual({ account: 'already taken', unitId: 'unknown unit' })
    expect(e.hasFields).toBe(true)
  })

  it('has empty fields when the body has none', async () => {
    mockFetch({ status: 409, body: errorBody('conflict', 'unit has users') })
    const e = (await http.delete('/units/3').catch((x: unknown) => x)) as ApiError
    expect(e.code).toBe('conflict')
    expect(e.fields).toEqual({})
    expect(e.hasFields).toBe(false)
  })

  it('keeps the whole body for endpoints that add data beside error', async () => {
    const report = { total: 1, valid: false, errorCount: 1, rows: [] }
    mockFetch({ status: 422, body: { ...errorBody('invalid', 'bad rows'), report } })
    const e = (await http.post('/users/import').catch((x: unknown) => x)) as ApiError
    expect((e.body as { report: unknown }).report).toEqual(report)
  })

  it('survives a body that is not the error shape', async () => {
    mockFetch({ status: 502, body: '<html>Bad Gateway</html>' })
    const e = (await http.get('/me').catch((x: unknown) => x)) as ApiError
    expect(e).toBeInstanceOf(ApiError)
    expect(e.status).toBe(502)
    expect(e.code).toBe('internal')
  })

  it('reads Retry-After on 429', async () => {
    mockFetch({
      status: 429,
      body: errorBody('rate_limited', 'slow down'),
      headers: { 'Retry-After': '42' },
    })
    const e = (await http.post('/auth/login', {}).catch((x: unknown) => x)) as ApiError
    expect(e.code).toBe('rate_limited')
    expect(e.retryAfter).toBe(42)
  })

  it('turns a network failure into an ApiError with status 0', async () => {
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('Failed to fetch')))
    const e = (await http.get('/me').catch((x: unknown) => x)) as ApiError
    expect(e.status).toBe(0)
    expect(e.code).toBe('network')
  })
})

describe('success', () => {
  it('decodes JSON and sends same-origin credentials', async () => {
    const { calls } = mockFetch({ status: 200, body: { items: [{ id: 1 }] } })
    const res = await http.get<{ items: { id: number }[] }>('/units')
    expect(res.items[0]!.id).toBe(1)
    expect(calls[0]!.url).toBe('/api/v1/units')
    expect(calls[0]!.credentials).toBe('same-origin')
  })

  it('gives undefined for 204', async () => {
    mockFetch({ status: 204 })
    await expect(http.post('/auth/logout')).resolves.toBeUndefined()
  })

  it('sends JSON bodies with a content type', async () => {
    const { calls } = mockFetch({ status: 201, body: { id: 5 } })
    await http.post('/units', { name: 'A', parentId: null })
    expect(calls[0]!.headers['Content-Type']).toBe('application/json')
    expect(calls[0]!.body).toEqual({ name: 'A', parentId: null })
  })

  it('drops empty query values', () => {
    expect(buildUrl('/users', { q: '', unitId: 3, role: undefined, active: false, page: 1 })).toBe(
      '/api/v1/users?unitId=3&active=false&page=1',
    )
    expect(buildUrl('/users', {})).toBe('/api/v1/users')
  })
})

describe('CSRF header', () => {
  it('is taken from the weishi_csrf cookie on unsafe methods', async () => {
    setCookie('weishi_csrf', 'cookie-token')
    const { calls } = mockFetch(
      { status: 200, body: {} },
      { status: 200, body: {} },
      { status: 200, body: {} },
      { status: 204 },
    )
    await http.post('/units', { name: 'A' })
    await http.patch('/units/1', { name: 'B' })
    await http.put('/x', {})
    await http.delete('/units/1')
    for (const c of calls) expect(c.headers['X-CSRF-Token']).toBe('cookie-token')
  })

  it('is not sent on GET', async () => {
    setCookie('weishi_csrf', 'cookie-token')
    const { calls } = mockFetch({ status: 200, body: {} })
    await http.get('/me')
    expect(calls[0]!.method).toBe('GET')
    expect(calls[0]!.headers).not.toHaveProperty('X-CSRF-Token')
  })

  it('falls back to the token of the last Me when there is no cookie', async () => {
    setCsrfToken('me-token')
    const { calls } = mockFetch({ status: 200, body: {} })
    await http.post('/units', { name: 'A' })
    expect(calls[0]!.headers['X-CSRF-Token']).toBe('me-token')
  })

  it('prefers the cookie, which the server refreshes, over the remembered token', async () => {
    setCsrfToken('old-token')
    setCookie('weishi_csrf', 'new-token')
    const { calls } = mockFetch({ status: 200, body: {} })
    await http.post('/units', {})
    expect(calls[0]!.headers['X-CSRF-Token']).toBe('new-token')
  })

  it('is omitted when no token is known', async () => {
    const { calls } = mockFetch({ status: 200, body: {} })
    await http.post('/auth/login', { account: 'a', password: 'b' })
    expect(calls[0]!.headers).not.toHaveProperty('X-CSRF-Token')
  })
})

describe('hooks', () => {
  it('runs onUnauthorized on 401', async () => {
    const onUnauthorized = vi.fn()
    setHttpHooks({ onUnauthorized })
    mockFetch({ status: 401, body: errorBody('unauthorized', 'no session') })
    await expect(http.get('/users')).rejects.toBeInstanceOf(ApiError)
    expect(onUnauthorized).toHaveBeenCalledTimes(1)
  })

  it('does not run onUnauthorized when the caller expects 401', async () => {
    const onUnauthorized = vi.fn()
    setHttpHooks({ onUnauthorized })
    mockFetch({ status: 401, body: errorBody('unauthorized', 'invalid credentials') })
    await expect(http.post('/auth/login', {}, { noAuthRedirect: true })).rejects.toMatchObject({
      status: 401,
    })
    expect(onUnauthorized).not.toHaveBeenCalled()
  })

  it('does not run onUnauthorized on other errors', async () => {
    const onUnauthorized = vi.fn()
    setHttpHooks({ onUnauthorized })
    mockFetch({ status: 403, body: errorBody('forbidden', 'admin only') })
    await expect(http.get('/users')).rejects.toMatchObject({ status: 403, code: 'forbidden' })
    expect(onUnauthorized).not.toHaveBeenCalled()
  })

  it('runs onPasswordChangeRequired on 403 password_change_required only', async () => {
    const onPasswordChangeRequired = vi.fn()
    setHttpHooks({ onPasswordChangeRequired })
    mockFetch(
      { status: 403, body: errorBody('password_change_required', 'change it') },
      { status: 403, body: errorBody('csrf', 'bad token') },
    )
    await expect(http.get('/units')).rejects.toMatchObject({ code: 'password_change_required' })
    await expect(http.post('/units', {})).rejects.toMatchObject({ code: 'csrf' })
    expect(onPasswordChangeRequired).toHaveBeenCalledTimes(1)
  })
})

describe('download', () => {
  it('returns the blob and the server file name', async () => {
    mockFetch({
      status: 200,
      body: 'PK-bytes',
      headers: { 'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent('用户.xlsx')}` },
    })
    const d = await download('/users/export', 'users.xlsx')
    expect(d.filename).toBe('用户.xlsx')
    expect(await d.blob.text()).toBe('PK-bytes')
  })

  it('falls back to the given name', async () => {
    mockFetch({ status: 200, body: 'x' })
    expect((await download('/users/export', 'users.xlsx')).filename).toBe('users.xlsx')
  })
})

describe('language', () => {
  it('sends the UI language as Accept-Language', async () => {
    setRequestLanguage('en')
    const { calls } = mockFetch({ status: 200, body: {} }, { status: 200, body: {} })
    await http.get('/me')
    setRequestLanguage('zh-CN')
    await http.get('/me')
    expect(calls[0]!.headers['Accept-Language']).toBe('en')
    expect(calls[1]!.headers['Accept-Language']).toBe('zh-CN')
  })
})
