import type { RouteRecordRaw } from 'vue-router'
import { Medal } from '@element-plus/icons-vue'
import type { MenuItem } from '../menu'

/** Pages of judged contests inside the app shell. */
export const judgingShellRoutes: RouteRecordRaw[] = [
  {
    path: 'judging',
    name: 'judging',
    component: () => import('@/views/judging/JudgingListView.vue'),
    meta: { roles: ['admin', 'organizer', 'judge'], title: 'judging.title' },
  },
  {
    path: 'judging/:id/edit',
    name: 'judging-edit',
    component: () => import('@/views/judging/JudgingEditView.vue'),
    meta: { roles: ['admin', 'organizer'], title: 'judging.build' },
  },
  {
    path: 'judging/:id/console',
    name: 'judging-console',
    component: () => import('@/views/judging/JudgingConsoleView.vue'),
    meta: { roles: ['admin', 'organizer'], title: 'judging.console' },
  },
  {
    path: 'judging/:id/trail',
    name: 'judging-trail',
    component: () => import('@/views/judging/JudgingTrailView.vue'),
    meta: { roles: ['admin', 'organizer'], title: 'judging.trail.title' },
  },
  {
    path: 'judging/:id/results',
    name: 'judging-results',
    component: () => import('@/views/judging/JudgingResultsView.vue'),
    meta: { title: 'judging.results' },
  },
]

/** Full-screen pages: the judge pad (phone first) and the big screen. */
export const judgingFullRoutes: RouteRecordRaw[] = [
  {
    path: '/judging/:id/pad',
    name: 'judging-pad',
    component: () => import('@/views/judging/JudgingPadView.vue'),
    meta: { roles: ['judge'], title: 'judging.pad' },
  },
  {
    path: '/judging/:id/certificates',
    name: 'judging-certificates',
    component: () => import('@/views/judging/JudgingCertificatesView.vue'),
    meta: { title: 'judging.certificates.title' },
  },
  {
    path: '/judging/:id/screen',
    name: 'judging-screen',
    component: () => import('@/views/judging/JudgingScreenView.vue'),
    meta: { title: 'judging.screen' },
  },
]

/** Menu entry: organizers build and run, judges find their pads. */
export const judgingMenu: MenuItem[] = [{ key: 'judging', title: 'judging.title', icon: Medal, roles: ['admin', 'organizer', 'judge'] }]
