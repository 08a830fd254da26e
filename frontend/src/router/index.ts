import { createRouter, createWebHistory, type RouteRecordRaw, type Router } from 'vue-router'
import type { Role } from '@/types/user'
import { installGuards } from './guards'
import { coursesFullRoutes, coursesShellRoutes } from './features/courses'
import { quizFullRoutes, quizShellRoutes } from './features/quiz'
import { contestFullRoutes, contestShellRoutes } from './features/contest'
import { judgingFullRoutes, judgingShellRoutes } from './features/judging'
import { debateFullRoutes, debateShellRoutes } from './features/debate'
import { appraisalFullRoutes, appraisalShellRoutes } from './features/appraisal'
import { programmeShellRoutes } from './features/programme'

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without a session (the login page). */
    public?: boolean
    /** The user needs one of these roles. */
    roles?: Role[]
    /** i18n key of the page title. */
    title?: string
  }
}

export const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('@/views/auth/LoginView.vue'),
    meta: { public: true, title: 'login.title' },
  },
  {
    path: '/password',
    name: 'password',
    component: () => import('@/views/auth/ChangePasswordView.vue'),
    meta: { title: 'password.title' },
  },
  ...coursesFullRoutes,
  ...quizFullRoutes,
  ...contestFullRoutes,
  ...judgingFullRoutes,
  ...debateFullRoutes,
  ...appraisalFullRoutes,
  {
    path: '/',
    component: () => import('@/components/layout/AppShell.vue'),
    children: [
      {
        path: '',
        name: 'home',
        component: () => import('@/views/home/HomeView.vue'),
        meta: { title: 'nav.home' },
      },
      {
        path: 'admin/units',
        name: 'units',
        component: () => import('@/views/admin/UnitsView.vue'),
        meta: { roles: ['admin'], title: 'nav.units' },
      },
      {
        path: 'admin/users',
        name: 'users',
        component: () => import('@/views/admin/UsersView.vue'),
        meta: { roles: ['admin'], title: 'nav.users' },
      },
      ...coursesShellRoutes,
      ...quizShellRoutes,
      ...contestShellRoutes,
      ...judgingShellRoutes,
      ...debateShellRoutes,
      ...appraisalShellRoutes,
      ...programmeShellRoutes,
      {
        path: ':pathMatch(.*)*',
        name: 'not-found',
        component: () => import('@/views/NotFoundView.vue'),
        meta: { title: 'nav.notFound' },
      },
    ],
  },
]

export function createAppRouter(): Router {
  const router = createRouter({ history: createWebHistory(), routes })
  installGuards(router)
  return router
}
