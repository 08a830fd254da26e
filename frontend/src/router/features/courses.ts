import type { RouteRecordRaw } from 'vue-router'
import type { MenuItem } from '../menu'

/** Pages of the courses feature inside the app shell. */
export const coursesShellRoutes: RouteRecordRaw[] = []

/** Full-screen pages of the courses feature (displays, big screens), outside the shell. */
export const coursesFullRoutes: RouteRecordRaw[] = []

/** Menu entries of the courses feature. */
export const coursesMenu: MenuItem[] = []
