import type { RouteRecordRaw } from 'vue-router'
import type { MenuItem } from '../menu'

/** Pages of the contest feature inside the app shell. */
export const contestShellRoutes: RouteRecordRaw[] = []

/** Full-screen pages of the contest feature (displays, big screens), outside the shell. */
export const contestFullRoutes: RouteRecordRaw[] = []

/** Menu entries of the contest feature. */
export const contestMenu: MenuItem[] = []
