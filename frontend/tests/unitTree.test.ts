import { describe, expect, it } from 'vitest'
import { buildUnitTree, subtreeIds, subtreeUserCount, unitPath } from '@/composables/unitTree'
import type { Unit } from '@/types/unit'

function unit(id: number, parentId: number | null, name = `U${id}`, userCount = 0): Unit {
  return { id, name, parentId, kind: 'team', sort: 0, userCount }
}

const flat = [unit(1, null, 'Bureau', 1), unit(2, 1, 'A', 3), unit(3, 1, 'B', 2), unit(4, 2, 'A1', 5), unit(5, 99, 'Orphan')]

describe('unit tree', () => {
  it('nests children under parents in server order', () => {
    const roots = buildUnitTree(flat)
    expect(roots.map((r) => r.name)).toEqual(['Bureau', 'Orphan'])
    expect(roots[0]!.children.map((c) => c.name)).toEqual(['A', 'B'])
    expect(roots[0]!.children[0]!.children.map((c) => c.name)).toEqual(['A1'])
  })

  it('does not modify the input', () => {
    buildUnitTree(flat)
    expect(flat[0]).not.toHaveProperty('children')
  })

  it('subtreeIds covers the unit and its descendants', () => {
    expect([...subtreeIds(flat, 2)].sort()).toEqual([2, 4])
    expect([...subtreeIds(flat, 1)].sort()).toEqual([1, 2, 3, 4])
    expect([...subtreeIds(flat, 4)]).toEqual([4])
  })

  it('counts users of a whole subtree', () => {
    expect(subtreeUserCount(buildUnitTree(flat)[0]!)).toBe(11)
  })

  it('builds a path label', () => {
    const byId = new Map(flat.map((u) => [u.id, u]))
    expect(unitPath(byId, 4)).toBe('Bureau / A / A1')
  })
})
