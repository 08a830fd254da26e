export const ROLES = ['admin', 'organizer', 'judge', 'staff', 'unithead'] as const

export type Role = (typeof ROLES)[number]

export interface User {
  id: number
  account: string
  name: string
  employeeNo: string
  unitId: number
  unitName: string
  phone: string
  roles: Role[]
  active: boolean
  mustChangePassword: boolean
  createdAt: string
}

/** The signed-in user, as returned by login, GET /me and password change. */
export interface Me extends User {
  csrfToken: string
}

export interface UserFilter {
  q?: string
  unitId?: number
  role?: Role
  active?: boolean
  page?: number
  pageSize?: number
}

export interface UserCreate {
  account: string
  name: string
  employeeNo: string
  unitId: number
  phone?: string
  roles: Role[]
  password: string
}

export interface UserPatch {
  name?: string
  employeeNo?: string
  unitId?: number
  phone?: string
  roles?: Role[]
  active?: boolean
}
