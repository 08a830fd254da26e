import { http } from './http'
import type { Me } from '@/types/user'

export interface Credentials {
  account: string
  password: string
}

export interface PasswordChange {
  currentPassword: string
  newPassword: string
}

/** POST /auth/login. A wrong password is a 401 ApiError, not a redirect. */
export function login(c: Credentials): Promise<Me> {
  return http.post<Me>('/auth/login', c, { noAuthRedirect: true })
}

/** POST /auth/logout. */
export function logout(): Promise<void> {
  return http.post<void>('/auth/logout', undefined, { noAuthRedirect: true })
}

/** POST /auth/password; answers a fresh Me with a new csrfToken. */
export function changePassword(c: PasswordChange): Promise<Me> {
  return http.post<Me>('/auth/password', c)
}

/** GET /me. `quiet` skips the 401 hook, for probing whether a session exists. */
export function getMe(quiet = false): Promise<Me> {
  return http.get<Me>('/me', { noAuthRedirect: quiet })
}
