import type { Component } from 'vue'
import { HomeFilled, OfficeBuilding, Setting, UserFilled } from '@element-plus/icons-vue'
import type { Role } from '@/types/user'
import { coursesMenu } from './features/courses'
import { quizMenu } from './features/quiz'
import { contestMenu } from './features/contest'
import { judgingMenu } from './features/judging'
import { debateMenu } from './features/debate'
import { appraisalMenu } from './features/appraisal'
import { programmeMenu } from './features/programme'

export interface MenuItem {
  /** Route name for leaves; a unique key for groups. */
  key: string
  /** i18n key of the label. */
  title: string
  icon: Component
  /** Shown when the user has one of these roles; everyone when absent. */
  roles?: Role[]
  children?: MenuItem[]
}

/** The whole navigation; menuFor filters it for a user. */
export const MENU: MenuItem[] = [
  { key: 'home', title: 'nav.home', icon: HomeFilled },
  ...coursesMenu,
  ...quizMenu,
  ...contestMenu,
  ...judgingMenu,
  ...debateMenu,
  ...appraisalMenu,
  ...programmeMenu,
  {
    key: 'admin',
    title: 'nav.admin',
    icon: Setting,
    roles: ['admin'],
    children: [
      { key: 'units', title: 'nav.units', icon: OfficeBuilding, roles: ['admin'] },
      { key: 'users', title: 'nav.users', icon: UserFilled, roles: ['admin'] },
    ],
  },
]

/** The menu items the user may see; groups left empty are dropped. */
export function menuFor(hasRole: (...roles: Role[]) => boolean, items: MenuItem[] = MENU): MenuItem[] {
  const out: MenuItem[] = []
  for (const item of items) {
    if (item.roles && !hasRole(...item.roles)) continue
    if (item.children) {
      const children = menuFor(hasRole, item.children)
      if (children.length > 0) out.push({ ...item, children })
    } else {
      out.push(item)
    }
  }
  return out
}
