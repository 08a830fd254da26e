import type { RouteLocationNormalized, RouteLocationRaw, Router } from 'vue-router'
import { i18n } from '@/i18n'
import { useAuthStore } from '@/stores/auth'

/**
 * Decides where a navigation may go:
 * signed out → /login (remembering the target); must change password →
 * /password; missing role → not found page; signed in on /login → home.
 */
export async function resolveAccess(
  to: RouteLocationNormalized,
): Promise<true | RouteLocationRaw> {
  const auth = useAuthStore()
  try {
    await auth.ensureLoaded()
  } catch {
    // The server is unreachable; let public pages render, send the rest to login.
    if (!to.meta.public) return { name: 'login', query: { redirect: to.fullPath } }
    return true
  }

  if (to.meta.public) {
    if (auth.isAuthenticated) {
      return auth.mustChangePassword ? { name: 'password' } : safeRedirect(to.query.redirect)
    }
    return true
  }
  if (!auth.isAuthenticated) {
    return to.fullPath === '/'
      ? { name: 'login' }
      : { name: 'login', query: { redirect: to.fullPath } }
  }
  if (auth.mustChangePassword && to.name !== 'password') {
    return { name: 'password' }
  }
  const roles = to.meta.roles
  if (roles && roles.length > 0 && !auth.hasRole(...roles)) {
    return { name: 'not-found', params: { pathMatch: to.path.slice(1).split('/') } }
  }
  return true
}

/** Only same-app paths are followed after login. */
export function safeRedirect(raw: unknown): RouteLocationRaw {
  if (typeof raw === 'string' && raw.startsWith('/') && !raw.startsWith('//') && !raw.startsWith('/login')) {
    return raw
  }
  return { name: 'home' }
}

export function installGuards(router: Router): void {
  router.beforeEach((to) => resolveAccess(to))
  router.afterEach((to) => {
    const { t } = i18n.global
    const app = t('app.name')
    document.title = to.meta.title ? `${t(to.meta.title)} - ${app}` : app
  })
}
