import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick, ref } from 'vue'
import { useRefreshWhile } from '@/composables/useRefreshWhile'

describe('useRefreshWhile', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('refreshes with a growing delay while pending, and stops when done', async () => {
    const pending = ref(true)
    let calls = 0
    const { stop } = useRefreshWhile(
      () => pending.value,
      async () => {
        calls++
        if (calls === 3) pending.value = false
      },
    )
    await vi.advanceTimersByTimeAsync(1999)
    expect(calls).toBe(0)
    await vi.advanceTimersByTimeAsync(1)
    expect(calls).toBe(1)
    await vi.advanceTimersByTimeAsync(3999)
    expect(calls).toBe(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(calls).toBe(2)
    await vi.advanceTimersByTimeAsync(8000)
    expect(calls).toBe(3)
    await vi.advanceTimersByTimeAsync(60_000)
    expect(calls).toBe(3)
    // pending again (a new upload): it starts over at 2 s
    pending.value = true
    await nextTick()
    await vi.advanceTimersByTimeAsync(2000)
    expect(calls).toBe(4)
    stop()
    await vi.advanceTimersByTimeAsync(60_000)
    expect(calls).toBe(4)
  })

  it('gives up after the limit, and a failed refresh is another try', async () => {
    let calls = 0
    useRefreshWhile(
      () => true,
      async () => {
        calls++
        throw new Error('offline')
      },
      30_000,
    )
    await vi.advanceTimersByTimeAsync(10 * 60_000)
    // 2 + 4 + 8 + 15 = 29 s: four tries, then the limit
    expect(calls).toBe(4)
  })

  it('starts over when something is pending again after it gave up', async () => {
    const pending = ref(true)
    let calls = 0
    useRefreshWhile(
      () => pending.value,
      async () => {
        calls++
      },
      10_000,
    )
    await vi.advanceTimersByTimeAsync(60_000)
    expect(calls).toBe(2) // 2 s, then 6 s; 14 s is past the limit
    pending.value = false
    await nextTick()
    pending.value = true
    await nextTick()
    await vi.advanceTimersByTimeAsync(2000)
    expect(calls).toBe(3)
  })

  it('does nothing when nothing is pending', async () => {
    let calls = 0
    useRefreshWhile(
      () => false,
      async () => {
        calls++
      },
    )
    await vi.advanceTimersByTimeAsync(60_000)
    expect(calls).toBe(0)
  })
})
