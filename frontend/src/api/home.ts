import { http } from './http'
import type { Home } from '@/types/home'

/** GET /me/home: the caller's home page. */
export function getHome(): Promise<Home> {
  return http.get<Home>('/me/home')
}
