import type { RouteRecordRaw } from 'vue-router'
import { Bell, DataBoard, Document, Finished, Flag, Memo, Trophy, User } from '@element-plus/icons-vue'
import type { MenuItem } from '../menu'

const leads = ['organizer', 'admin', 'unithead'] as const
const organizers = ['organizer', 'admin'] as const

/** Pages of the year's programme inside the app shell. */
export const programmeShellRoutes: RouteRecordRaw[] = [
  {
    path: 'programme/dashboard',
    name: 'programme-dashboard',
    component: () => import('@/views/programme/DashboardView.vue'),
    meta: { roles: [...leads], title: 'programme.dashboard.title' },
  },
  {
    path: 'programme/tasks',
    name: 'programme-tasks',
    component: () => import('@/views/programme/TasksView.vue'),
    meta: { roles: [...leads], title: 'programme.tasks.title' },
  },
  {
    path: 'programme/announcements',
    name: 'programme-announcements',
    component: () => import('@/views/programme/AnnouncementsView.vue'),
    meta: { title: 'programme.announcements.title' },
  },
  {
    path: 'programme/bulletins',
    name: 'programme-bulletins',
    component: () => import('@/views/programme/BulletinsView.vue'),
    meta: { title: 'programme.bulletins.title' },
  },
  {
    path: 'programme/bulletins/:id',
    name: 'programme-bulletin',
    component: () => import('@/views/programme/BulletinView.vue'),
    meta: { title: 'programme.bulletins.title' },
  },
  {
    path: 'programme/reports',
    name: 'programme-reports',
    component: () => import('@/views/programme/ReportsView.vue'),
    meta: { roles: [...leads], title: 'programme.reports.title' },
  },
  {
    path: 'programme/awards',
    name: 'programme-awards',
    component: () => import('@/views/programme/AwardsView.vue'),
    meta: { roles: [...leads], title: 'programme.awards.title' },
  },
  {
    path: 'programme/awards/certificates',
    name: 'programme-certificates',
    component: () => import('@/views/programme/CertificatesView.vue'),
    meta: { roles: [...organizers], title: 'programme.certificates.title' },
  },
  {
    path: 'programme/record',
    name: 'programme-record',
    component: () => import('@/views/programme/RecordView.vue'),
    meta: { title: 'programme.record.title' },
  },
]

/** Menu entries of the programme: leads see the whole group, staff their announcements and record. */
export const programmeMenu: MenuItem[] = [
  {
    key: 'programme',
    title: 'programme.title',
    icon: Flag,
    children: [
      { key: 'programme-dashboard', title: 'programme.dashboard.title', icon: DataBoard, roles: [...leads] },
      { key: 'programme-tasks', title: 'programme.tasks.title', icon: Finished, roles: [...leads] },
      { key: 'programme-announcements', title: 'programme.announcements.title', icon: Bell },
      { key: 'programme-bulletins', title: 'programme.bulletins.title', icon: Memo },
      { key: 'programme-reports', title: 'programme.reports.title', icon: Document, roles: [...leads] },
      { key: 'programme-awards', title: 'programme.awards.title', icon: Trophy, roles: [...leads] },
      { key: 'programme-record', title: 'programme.record.title', icon: User },
    ],
  },
]

export const programmeOrganizerRoles = organizers
