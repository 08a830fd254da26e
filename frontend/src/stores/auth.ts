import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import * as authApi from '@/api/auth'
import { ApiError, setCsrfToken } from '@/api/http'
import type { Me, Role } from '@/types/user'

/** The signed-in user and the session operations. */
export const useAuthStore = defineStore('auth', () => {
  const me = ref<Me | null>(null)
  /** True once we know whether a session exists (after the first GET /me). */
  const loaded = ref(false)

  const isAuthenticated = computed(() => me.value !== null)
  const mustChangePassword = computed(() => me.value?.mustChangePassword === true)

  function setMe(m: Me | null): void {
    me.value = m
    setCsrfToken(m?.csrfToken ?? '')
    loaded.value = true
  }

  /** Reads the current session; a 401 means "signed out", not an error. */
  async function fetchMe(): Promise<Me | null> {
    try {
      setMe(await authApi.getMe(true))
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        setMe(null)
      } else {
        throw err
      }
    }
    return me.value
  }

  /** Loads the session once; later calls reuse the answer. */
  async function ensureLoaded(): Promise<void> {
    if (!loaded.value) await fetchMe()
  }

  async function login(account: string, password: string): Promise<Me> {
    const m = await authApi.login({ account, password })
    setMe(m)
    return m
  }

  /** Ends the session. The local state is cleared even if the server call fails. */
  async function logout(): Promise<void> {
    try {
      await authApi.logout()
    } catch {
      /* the session may already be gone; nothing to recover */
    } finally {
      setMe(null)
    }
  }

  async function changePassword(currentPassword: string, newPassword: string): Promise<Me> {
    const m = await authApi.changePassword({ currentPassword, newPassword })
    setMe(m)
    return m
  }

  /** Forgets the session locally, e.g. after a 401 from any request. */
  function clear(): void {
    setMe(null)
  }

  /** Marks that the server demands a password change (403 password_change_required). */
  function requirePasswordChange(): void {
    if (me.value) me.value = { ...me.value, mustChangePassword: true }
  }

  /** True when the user holds at least one of the roles. */
  function hasRole(...roles: Role[]): boolean {
    const mine = me.value?.roles ?? []
    return roles.some((r) => mine.includes(r))
  }

  return {
    me,
    loaded,
    isAuthenticated,
    mustChangePassword,
    fetchMe,
    ensureLoaded,
    login,
    logout,
    changePassword,
    clear,
    requirePasswordChange,
    hasRole,
  }
})
