import type { Unit, UnitNode } from '@/types/unit'

/** The picker value that stands for "top level" (units have ids from 1). */
export const TOP_LEVEL = 0

/**
 * Builds the unit forest from the flat list. Children keep the server order
 * (sort, then name); a unit whose parent is missing becomes a root so that
 * nothing disappears from view.
 */
export function buildUnitTree(units: Unit[]): UnitNode[] {
  const nodes = new Map<number, UnitNode>()
  for (const u of units) nodes.set(u.id, { ...u, children: [] })
  const roots: UnitNode[] = []
  for (const u of units) {
    const node = nodes.get(u.id)!
    const parent = u.parentId == null ? undefined : nodes.get(u.parentId)
    if (parent && parent !== node) parent.children.push(node)
    else roots.push(node)
  }
  return roots
}

/** The id of the unit and of everything below it. */
export function subtreeIds(units: Unit[], id: number): Set<number> {
  const children = new Map<number, number[]>()
  for (const u of units) {
    if (u.parentId == null) continue
    const list = children.get(u.parentId) ?? []
    list.push(u.id)
    children.set(u.parentId, list)
  }
  const out = new Set<number>()
  const stack = [id]
  while (stack.length) {
    const cur = stack.pop()!
    if (out.has(cur)) continue
    out.add(cur)
    stack.push(...(children.get(cur) ?? []))
  }
  return out
}

/** Total users in the unit and its descendants. */
export function subtreeUserCount(node: UnitNode): number {
  return node.children.reduce((n, c) => n + subtreeUserCount(c), node.userCount)
}

/** "Parent / Child" path of a unit, for labels. */
export function unitPath(byId: Map<number, Unit>, id: number): string {
  const parts: string[] = []
  const seen = new Set<number>()
  let cur = byId.get(id)
  while (cur && !seen.has(cur.id)) {
    seen.add(cur.id)
    parts.unshift(cur.name)
    cur = cur.parentId == null ? undefined : byId.get(cur.parentId)
  }
  return parts.join(' / ')
}
