import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory, createRouter, type Router } from 'vue-router'
import { setCsrfToken } from '@/api/http'
import { routes } from '@/router'
import { resolveAccess, safeRedirect } from '@/router/guards'
import { menuFor } from '@/router/menu'
import { useAuthStore } from '@/stores/auth'
import type { Me, Role } from '@/types/user'
import { errorBody, mockFetch } from './helpers'

function me(roles: Role[], mustChangePassword = false): Me {
  return {
    id: 1,
    account: 'a',
    name: 'A',
    employeeNo: '',
    unitId: 1,
    unitName: 'U',
    phone: '',
    roles,
    active: true,
    mustChangePassword,
    createdAt: '2025-01-01T00:00:00Z',
    csrfToken: 't',
  }
}

let router: Router

beforeEach(() => {
  setActivePinia(createPinia())
  setCsrfToken('')
  router = createRouter({ history: createMemoryHistory(), routes })
})
afterEach(() => {
  vi.unstubAllGlobals()
})

async function access(path: string) {
  return resolveAccess(router.resolve(path) as Parameters<typeof resolveAccess>[0])
}

describe('route guard', () => {
  it('sends a signed-out user to login, remembering the target', async () => {
    mockFetch({ status: 401, body: errorBody('unauthorized', 'no session') })
    expect(await access('/admin/users')).toEqual({ name: 'login', query: { redirect: '/admin/users' } })
  })

  it('lets a signed-out user see the login page', async () => {
    mockFetch({ status: 401, body: errorBody('unauthorized', 'no session') })
    expect(await access('/login')).toBe(true)
  })

  it('forces the password page while a change is required', async () => {
    mockFetch({ status: 200, body: me(['admin'], true) })
    expect(await access('/')).toEqual({ name: 'password' })
    expect(await access('/admin/units')).toEqual({ name: 'password' })
    expect(await access('/password')).toBe(true)
    expect(await access('/login')).toEqual({ name: 'password' })
  })

  it('keeps staff out of admin pages', async () => {
    mockFetch({ status: 200, body: me(['staff']) })
    const res = await access('/admin/units')
    expect(res).toMatchObject({ name: 'not-found' })
    expect(await access('/')).toBe(true)
  })

  it('lets an admin into admin pages', async () => {
    mockFetch({ status: 200, body: me(['admin']) })
    expect(await access('/admin/units')).toBe(true)
    expect(await access('/admin/users')).toBe(true)
  })

  it('sends a signed-in user away from login', async () => {
    mockFetch({ status: 200, body: me(['staff']) })
    expect(await access('/login?redirect=/admin/users')).toBe('/admin/users')
    expect(useAuthStore().isAuthenticated).toBe(true)
  })

  it('follows only same-app redirects', () => {
    expect(safeRedirect('/admin/users')).toBe('/admin/users')
    expect(safeRedirect('//evil.example')).toEqual({ name: 'home' })
    expect(safeRedirect('https://evil.example')).toEqual({ name: 'home' })
    expect(safeRedirect(undefined)).toEqual({ name: 'home' })
  })
})

describe('menu', () => {
  const keys = (roles: Role[]) =>
    menuFor((...want) => want.some((r) => roles.includes(r))).flatMap((i) => [
      i.key,
      ...(i.children ?? []).map((c) => c.key),
    ])

  // Feature menus (training, quizzes) add their own items; these checks look at the shared ones.
  const shared = (roles: Role[]) => keys(roles).filter((k) => ['home', 'contests', 'admin', 'units', 'users'].includes(k))

  it('shows admin items to admins only', () => {
    expect(shared(['admin'])).toEqual(['home', 'contests', 'admin', 'units', 'users'])
    expect(shared(['staff'])).toEqual(['home', 'contests'])
    expect(shared(['judge', 'organizer'])).toEqual(['home', 'contests'])
  })

  it('shows training statistics to organizers only', () => {
    expect(keys(['staff'])).toContain('course-schedule')
    expect(keys(['staff'])).not.toContain('course-stats')
    expect(keys(['organizer'])).toContain('course-stats')
  })
})
