import type { RouteRecordRaw } from 'vue-router'
import type { MenuItem } from '../menu'

/** Pages of the quiz feature inside the app shell. */
export const quizShellRoutes: RouteRecordRaw[] = []

/** Full-screen pages of the quiz feature (displays, big screens), outside the shell. */
export const quizFullRoutes: RouteRecordRaw[] = []

/** Menu entries of the quiz feature. */
export const quizMenu: MenuItem[] = []
