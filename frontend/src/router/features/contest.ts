import type { RouteRecordRaw } from 'vue-router'
import { Trophy } from '@element-plus/icons-vue'
import type { MenuItem } from '../menu'

/** Pages of the contest feature inside the app shell. */
export const contestShellRoutes: RouteRecordRaw[] = [
  {
    path: 'contests',
    name: 'contests',
    component: () => import('@/views/contest/ContestListView.vue'),
    meta: { title: 'contest.title' },
  },
  {
    path: 'contests/:id/host',
    name: 'contest-host',
    component: () => import('@/views/contest/ContestHostView.vue'),
    meta: { roles: ['admin', 'organizer'], title: 'contest.host' },
  },
  {
    path: 'contests/:id/timeline',
    name: 'contest-timeline',
    component: () => import('@/views/contest/ContestTimelineView.vue'),
    meta: { roles: ['admin', 'organizer', 'judge'], title: 'contest.timeline' },
  },
]

/** Full-screen pages of the contest feature (displays, big screens), outside the shell. */
export const contestFullRoutes: RouteRecordRaw[] = [
  {
    path: '/contests/:id/screen',
    name: 'contest-screen',
    component: () => import('@/views/contest/ContestScreenView.vue'),
    meta: { roles: ['admin', 'organizer'], title: 'contest.screen' },
  },
  {
    path: '/contests/:id/board',
    name: 'contest-audience',
    component: () => import('@/views/contest/ContestAudienceView.vue'),
    meta: { title: 'contest.audience' },
  },
  {
    path: '/contests/:id/play',
    name: 'contest-play',
    component: () => import('@/views/contest/ContestPlayView.vue'),
    meta: { title: 'contest.play' },
  },
]

/** Menu entries of the contest feature. */
export const contestMenu: MenuItem[] = [{ key: 'contests', title: 'contest.title', icon: Trophy }]
