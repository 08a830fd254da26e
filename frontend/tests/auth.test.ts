import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { ApiError, setCsrfToken } from '@/api/http'
import { useAuthStore } from '@/stores/auth'
import type { Me } from '@/types/user'
import { clearCookie, errorBody, mockFetch } from './helpers'

function me(over: Partial<Me> = {}): Me {
  return {
    id: 7,
    account: 'zhangsan',
    name: '张三',
    employeeNo: 'E007',
    unitId: 2,
    unitName: '第一支队',
    phone: '',
    roles: ['staff', 'judge'],
    active: true,
    mustChangePassword: false,
    createdAt: '2025-01-01T00:00:00Z',
    csrfToken: 'tok-1',
    ...over,
  }
}

beforeEach(() => {
  setActivePinia(createPinia())
  clearCookie('weishi_csrf')
  setCsrfToken('')
})
afterEach(() => {
  vi.unstubAllGlobals()
})

describe('auth store', () => {
  it('starts signed out', () => {
    const auth = useAuthStore()
    expect(auth.me).toBeNull()
    expect(auth.isAuthenticated).toBe(false)
    expect(auth.hasRole('staff')).toBe(false)
  })

  it('login posts the credentials and sets me', async () => {
    const { calls } = mockFetch({ status: 200, body: me() })
    const auth = useAuthStore()
    await auth.login('zhangsan', 'secret123')
    expect(calls[0]!.url).toBe('/api/v1/auth/login')
    expect(calls[0]!.method).toBe('POST')
    expect(calls[0]!.body).toEqual({ account: 'zhangsan', password: 'secret123' })
    expect(auth.me?.name).toBe('张三')
    expect(auth.isAuthenticated).toBe(true)
    expect(auth.loaded).toBe(true)
  })

  it('uses the csrfToken of the login answer on later unsafe requests', async () => {
    const { calls } = mockFetch({ status: 200, body: me({ csrfToken: 'from-login' }) }, { status: 204 })
    const auth = useAuthStore()
    await auth.login('zhangsan', 'secret123')
    await auth.logout()
    expect(calls[1]!.url).toBe('/api/v1/auth/logout')
    expect(calls[1]!.headers['X-CSRF-Token']).toBe('from-login')
  })

  it('a failed login leaves the user signed out and reports the error', async () => {
    mockFetch({ status: 401, body: errorBody('unauthorized', 'invalid credentials') })
    const auth = useAuthStore()
    const err = await auth.login('zhangsan', 'wrong').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(auth.me).toBeNull()
  })

  it('logout clears me', async () => {
    mockFetch({ status: 200, body: me() }, { status: 204 })
    const auth = useAuthStore()
    await auth.login('zhangsan', 'secret123')
    await auth.logout()
    expect(auth.me).toBeNull()
    expect(auth.isAuthenticated).toBe(false)
    expect(auth.hasRole('staff')).toBe(false)
  })

  it('logout clears me even when the server call fails', async () => {
    mockFetch({ status: 200, body: me() }, { status: 500, body: errorBody('internal', 'boom') })
    const auth = useAuthStore()
    await auth.login('zhangsan', 'secret123')
    await auth.logout()
    expect(auth.me).toBeNull()
  })

  it('logout forgets the csrf token', async () => {
    const { calls } = mockFetch(
      { status: 200, body: me({ csrfToken: 'tok' }) },
      { status: 204 },
      { status: 401, body: errorBody('unauthorized', 'no session') },
    )
    const auth = useAuthStore()
    await auth.login('zhangsan', 'secret123')
    await auth.logout()
    await auth.login('zhangsan', 'x').catch(() => undefined)
    expect(calls[2]!.headers).not.toHaveProperty('X-CSRF-Token')
  })

  it('hasRole is true when the user has any of the roles', async () => {
    mockFetch({ status: 200, body: me({ roles: ['staff', 'judge'] }) })
    const auth = useAuthStore()
    await auth.login('zhangsan', 'secret123')
    expect(auth.hasRole('staff')).toBe(true)
    expect(auth.hasRole('judge')).toBe(true)
    expect(auth.hasRole('admin')).toBe(false)
    expect(auth.hasRole('admin', 'judge')).toBe(true)
    expect(auth.hasRole()).toBe(false)
  })

  it('fetchMe treats 401 as signed out, without throwing', async () => {
    mockFetch({ status: 401, body: errorBody('unauthorized', 'no session') })
    const auth = useAuthStore()
    await expect(auth.fetchMe()).resolves.toBeNull()
    expect(auth.loaded).toBe(true)
    expect(auth.isAuthenticated).toBe(false)
  })

  it('fetchMe rethrows other failures', async () => {
    mockFetch({ status: 500, body: errorBody('internal', 'boom') })
    const auth = useAuthStore()
    await expect(auth.fetchMe()).rejects.toMatchObject({ status: 500 })
  })

  it('ensureLoaded asks the server only once', async () => {
    const { calls } = mockFetch({ status: 200, body: me() })
    const auth = useAuthStore()
    await auth.ensureLoaded()
    await auth.ensureLoaded()
    expect(calls).toHaveLength(1)
    expect(auth.me?.account).toBe('zhangsan')
  })

  it('changePassword sends both passwords and takes the new Me', async () => {
    const { calls } = mockFetch(
      { status: 200, body: me({ mustChangePassword: true, csrfToken: 'old' }) },
      { status: 200, body: me({ mustChangePassword: false, csrfToken: 'new' }) },
      { status: 204 },
    )
    const auth = useAuthStore()
    await auth.login('zhangsan', 'Temp1234')
    expect(auth.mustChangePassword).toBe(true)
    await auth.changePassword('Temp1234', 'Better5678')
    expect(calls[1]!.url).toBe('/api/v1/auth/password')
    expect(calls[1]!.body).toEqual({ currentPassword: 'Temp1234', newPassword: 'Better5678' })
    expect(calls[1]!.headers['X-CSRF-Token']).toBe('old')
    expect(auth.mustChangePassword).toBe(false)
    await auth.logout()
    expect(calls[2]!.headers['X-CSRF-Token']).toBe('new')
  })

  it('changePassword keeps me and surfaces field errors on failure', async () => {
    mockFetch(
      { status: 200, body: me({ mustChangePassword: true }) },
      { status: 422, body: errorBody('invalid', 'bad', { currentPassword: 'wrong password' }) },
    )
    const auth = useAuthStore()
    await auth.login('zhangsan', 'Temp1234')
    const err = (await auth.changePassword('nope', 'Better5678').catch((e: unknown) => e)) as ApiError
    expect(err.fields.currentPassword).toBe('wrong password')
    expect(auth.mustChangePassword).toBe(true)
  })
})
