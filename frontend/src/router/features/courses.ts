import type { RouteRecordRaw } from 'vue-router'
import { Calendar, DataAnalysis, Medal, Reading } from '@element-plus/icons-vue'
import type { MenuItem } from '../menu'

/** Pages of the courses feature inside the app shell. */
export const coursesShellRoutes: RouteRecordRaw[] = [
  {
    path: 'training/schedule',
    name: 'course-schedule',
    component: () => import('@/views/courses/MyScheduleView.vue'),
    meta: { title: 'courses.schedule.title' },
  },
  {
    path: 'training/record',
    name: 'course-record',
    component: () => import('@/views/courses/MyRecordView.vue'),
    meta: { title: 'courses.record.title' },
  },
  {
    path: 'training/people/:id/record',
    name: 'course-person-record',
    component: () => import('@/views/courses/MyRecordView.vue'),
    meta: { roles: ['unithead', 'organizer', 'admin'], title: 'courses.record.title' },
  },
  {
    path: 'training/certificates/:code',
    name: 'course-certificate',
    component: () => import('@/views/courses/CertificateView.vue'),
    meta: { title: 'courses.certificate.title' },
  },
  {
    path: 'training/classes',
    name: 'course-classes',
    component: () => import('@/views/courses/ClassesView.vue'),
    meta: { title: 'courses.classes.title' },
  },
  {
    path: 'training/classes/:id',
    name: 'course-class',
    component: () => import('@/views/courses/ClassDetailView.vue'),
    meta: { title: 'courses.classes.title' },
  },
  {
    path: 'training/unit',
    name: 'course-unit',
    component: () => import('@/views/courses/UnitAttendanceView.vue'),
    meta: { roles: ['unithead', 'organizer', 'admin'], title: 'courses.unitAtt.title' },
  },
  {
    path: 'training/stats',
    name: 'course-stats',
    component: () => import('@/views/courses/StatsView.vue'),
    meta: { roles: ['organizer', 'admin'], title: 'courses.stats.title' },
  },
  {
    path: 'checkin',
    name: 'course-checkin',
    component: () => import('@/views/courses/CheckinView.vue'),
    meta: { title: 'courses.checkin.title' },
  },
]

/** Full-screen pages of the courses feature (displays, big screens), outside the shell. */
export const coursesFullRoutes: RouteRecordRaw[] = [
  {
    path: '/display/checkin/:id',
    name: 'course-checkin-display',
    component: () => import('@/views/courses/CheckinDisplayView.vue'),
    meta: { roles: ['organizer', 'admin'], title: 'courses.display.title' },
  },
]

/** Menu entries of the courses feature. */
export const coursesMenu: MenuItem[] = [
  {
    key: 'courses',
    title: 'courses.title',
    icon: Reading,
    children: [
      { key: 'course-schedule', title: 'courses.schedule.title', icon: Calendar },
      { key: 'course-record', title: 'courses.record.title', icon: Medal },
      { key: 'course-classes', title: 'courses.classes.title', icon: Reading },
      { key: 'course-stats', title: 'courses.stats.title', icon: DataAnalysis, roles: ['organizer', 'admin'] },
      { key: 'course-unit', title: 'courses.unitAtt.title', icon: DataAnalysis, roles: ['unithead', 'organizer', 'admin'] },
    ],
  },
]
