import { http } from './http'
import type { ItemList } from '@/types/page'
import type { Unit, UnitCreate, UnitPatch } from '@/types/unit'

/** GET /units: every unit, flat, ordered by sort then name. */
export async function listUnits(): Promise<Unit[]> {
  const res = await http.get<ItemList<Unit>>('/units')
  return res.items ?? []
}

/** POST /units. */
export function createUnit(u: UnitCreate): Promise<Unit> {
  return http.post<Unit>('/units', u)
}

/** PATCH /units/:id: rename, move (parentId, or toRoot for the top level), kind, sort. */
export function updateUnit(id: number, patch: UnitPatch): Promise<Unit> {
  return http.patch<Unit>(`/units/${id}`, patch)
}

/** DELETE /units/:id; a unit with users or children gives a 409 ApiError. */
export function deleteUnit(id: number): Promise<void> {
  return http.delete(`/units/${id}`)
}
