import type { RouteRecordRaw } from 'vue-router'
import { Microphone } from '@element-plus/icons-vue'
import type { MenuItem } from '../menu'

/** Pages of debate tournaments inside the app shell. */
export const debateShellRoutes: RouteRecordRaw[] = [
  {
    path: 'debate',
    name: 'debate',
    component: () => import('@/views/debate/DebateListView.vue'),
    meta: { roles: ['admin', 'organizer', 'judge'], title: 'debate.title' },
  },
  {
    path: 'debate/:id',
    name: 'debate-tournament',
    component: () => import('@/views/debate/DebateTournamentView.vue'),
    meta: { roles: ['admin', 'organizer'], title: 'debate.tournament' },
  },
  {
    path: 'debate/matches/:id/console',
    name: 'debate-console',
    component: () => import('@/views/debate/DebateConsoleView.vue'),
    meta: { roles: ['admin', 'organizer'], title: 'debate.console' },
  },
]

/** Full-screen pages: the judge's ballot pad (phone first), the match's big screen and the tournament's. */
export const debateFullRoutes: RouteRecordRaw[] = [
  {
    path: '/debate/matches/:id/pad',
    name: 'debate-pad',
    component: () => import('@/views/debate/DebatePadView.vue'),
    meta: { roles: ['judge', 'admin', 'organizer'], title: 'debate.pad' },
  },
  {
    path: '/debate/:id/screen',
    name: 'debate-tournament-screen',
    component: () => import('@/views/debate/DebateTournamentScreenView.vue'),
    meta: { title: 'debate.tournamentScreen' },
  },
  {
    path: '/debate/matches/:id/screen',
    name: 'debate-screen',
    component: () => import('@/views/debate/DebateScreenView.vue'),
    meta: { title: 'debate.screen' },
  },
]

/** Menu entry: organizers run tournaments, judges find their ballots. */
export const debateMenu: MenuItem[] = [{ key: 'debate', title: 'debate.title', icon: Microphone, roles: ['admin', 'organizer', 'judge'] }]
