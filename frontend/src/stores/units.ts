import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import * as unitsApi from '@/api/units'
import type { Unit, UnitCreate, UnitPatch } from '@/types/unit'
import { buildUnitTree } from '@/composables/unitTree'

/** The unit list, shared by the unit admin page and every unit picker. */
export const useUnitsStore = defineStore('units', () => {
  const units = ref<Unit[]>([])
  const loading = ref(false)
  const loaded = ref(false)

  const tree = computed(() => buildUnitTree(units.value))
  const byId = computed(() => new Map(units.value.map((u) => [u.id, u])))

  async function load(): Promise<void> {
    loading.value = true
    try {
      units.value = await unitsApi.listUnits()
      loaded.value = true
    } finally {
      loading.value = false
    }
  }

  async function ensureLoaded(): Promise<void> {
    if (!loaded.value && !loading.value) await load()
  }

  async function create(u: UnitCreate): Promise<Unit> {
    const created = await unitsApi.createUnit(u)
    await load()
    return created
  }

  async function update(id: number, patch: UnitPatch): Promise<Unit> {
    const updated = await unitsApi.updateUnit(id, patch)
    await load()
    return updated
  }

  async function remove(id: number): Promise<void> {
    await unitsApi.deleteUnit(id)
    await load()
  }

  return { units, loading, loaded, tree, byId, load, ensureLoaded, create, update, remove }
})
