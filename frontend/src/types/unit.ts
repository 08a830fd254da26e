export const UNIT_KINDS = ['division', 'team', 'district', 'other'] as const

export type UnitKind = (typeof UNIT_KINDS)[number]

export interface Unit {
  id: number
  name: string
  parentId: number | null
  kind: UnitKind
  sort: number
  userCount: number
}

/** A unit with its children, built on the client from the flat list. */
export interface UnitNode extends Unit {
  children: UnitNode[]
}

export interface UnitCreate {
  name: string
  parentId?: number | null
  kind?: UnitKind
  sort?: number
}

export interface UnitPatch {
  name?: string
  /** A new parent; to move to the top level send `toRoot: true` instead. */
  parentId?: number
  /** Moves the unit to the top level (the server ignores `parentId: null`). */
  toRoot?: boolean
  kind?: UnitKind
  sort?: number
}
