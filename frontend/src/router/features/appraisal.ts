import type { RouteRecordRaw } from 'vue-router'
import { Document } from '@element-plus/icons-vue'
import type { MenuItem } from '../menu'

/** Pages of document appraisals inside the app shell. */
export const appraisalShellRoutes: RouteRecordRaw[] = [
  {
    path: 'appraisal',
    name: 'appraisal',
    component: () => import('@/views/appraisal/AppraisalListView.vue'),
    meta: { roles: ['admin', 'organizer', 'judge', 'unithead'], title: 'appraisal.title' },
  },
  {
    path: 'appraisal/:id',
    name: 'appraisal-manage',
    component: () => import('@/views/appraisal/AppraisalManageView.vue'),
    meta: { roles: ['admin', 'organizer'], title: 'appraisal.title' },
  },
  {
    path: 'appraisal/:id/bulletin',
    name: 'appraisal-bulletin',
    component: () => import('@/views/appraisal/AppraisalBulletinView.vue'),
    meta: { title: 'appraisal.bulletin.title' },
  },
]

/** Full-screen: the judge's review pad (phone first). */
export const appraisalFullRoutes: RouteRecordRaw[] = [
  {
    path: '/appraisal/:id/review',
    name: 'appraisal-review',
    component: () => import('@/views/appraisal/AppraisalJudgeView.vue'),
    meta: { roles: ['judge'], title: 'appraisal.judge.title' },
  },
]

export const appraisalMenu: MenuItem[] = [{ key: 'appraisal', title: 'appraisal.title', icon: Document, roles: ['admin', 'organizer', 'judge', 'unithead'] }]
