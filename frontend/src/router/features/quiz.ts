import type { RouteRecordRaw } from 'vue-router'
import { Collection, DataAnalysis, EditPen, Files, FirstAidKit, Notebook, Reading, Stamp, Tickets } from '@element-plus/icons-vue'
import type { Role } from '@/types/user'
import type { MenuItem } from '../menu'

const organizers: Role[] = ['organizer', 'admin']

/** Pages of the quiz feature inside the app shell. */
export const quizShellRoutes: RouteRecordRaw[] = [
  {
    path: 'quiz/my',
    name: 'quiz-my',
    component: () => import('@/views/quiz/MyQuizzesView.vue'),
    meta: { title: 'quiz.nav.my' },
  },
  {
    path: 'quiz/attempts/:id',
    name: 'quiz-attempt',
    component: () => import('@/views/quiz/QuizTakeView.vue'),
    meta: { title: 'quiz.nav.take' },
  },
  {
    path: 'quiz/attempts/:id/result',
    name: 'quiz-result',
    component: () => import('@/views/quiz/QuizResultView.vue'),
    meta: { title: 'quiz.nav.result' },
  },
  {
    path: 'quiz/practice',
    name: 'quiz-practice',
    component: () => import('@/views/quiz/PracticeView.vue'),
    meta: { title: 'quiz.nav.practice' },
  },
  {
    path: 'quiz/notebook',
    name: 'quiz-notebook',
    component: () => import('@/views/quiz/NotebookView.vue'),
    meta: { title: 'quiz.nav.notebook' },
  },
  {
    path: 'quiz/bank',
    name: 'quiz-bank',
    component: () => import('@/views/quiz/BankView.vue'),
    meta: { roles: organizers, title: 'quiz.nav.bank' },
  },
  {
    path: 'quiz/laws',
    name: 'quiz-laws',
    component: () => import('@/views/quiz/LawsView.vue'),
    meta: { roles: organizers, title: 'quiz.nav.laws' },
  },
  {
    path: 'quiz/papers',
    name: 'quiz-papers',
    component: () => import('@/views/quiz/PapersView.vue'),
    meta: { roles: organizers, title: 'quiz.nav.papers' },
  },
  {
    path: 'quiz/papers/:id/stats',
    name: 'quiz-stats',
    component: () => import('@/views/quiz/PaperStatsView.vue'),
    meta: { roles: organizers, title: 'quiz.nav.stats' },
  },
  {
    path: 'quiz/health',
    name: 'quiz-health',
    component: () => import('@/views/quiz/HealthView.vue'),
    meta: { roles: organizers, title: 'health.title' },
  },
  {
    path: 'quiz/grading',
    name: 'quiz-grading',
    component: () => import('@/views/quiz/GradingView.vue'),
    meta: { roles: organizers, title: 'quiz.nav.grading' },
  },
]

/** Full-screen pages of the quiz feature (displays, big screens), outside the shell. */
export const quizFullRoutes: RouteRecordRaw[] = []

/** Menu entries of the quiz feature. */
export const quizMenu: MenuItem[] = [
  {
    key: 'quiz',
    title: 'quiz.title',
    icon: EditPen,
    children: [
      { key: 'quiz-my', title: 'quiz.nav.my', icon: Tickets },
      { key: 'quiz-practice', title: 'quiz.nav.practice', icon: Reading },
      { key: 'quiz-notebook', title: 'quiz.nav.notebook', icon: Notebook },
      { key: 'quiz-bank', title: 'quiz.nav.bank', icon: Collection, roles: organizers },
      { key: 'quiz-papers', title: 'quiz.nav.papers', icon: Files, roles: organizers },
      { key: 'quiz-health', title: 'health.nav', icon: FirstAidKit, roles: organizers },
      { key: 'quiz-grading', title: 'quiz.nav.grading', icon: Stamp, roles: organizers },
      { key: 'quiz-laws', title: 'quiz.nav.laws', icon: DataAnalysis, roles: organizers },
    ],
  },
]
