import { getCurrentInstance, onBeforeUnmount, watch } from 'vue'

/**
 * Refreshes while something on the page is still changing on the server
 * (a DOCX being converted to PDF): while pending() holds, refresh() runs
 * after 2 s, then 4 s, 8 s … (at most every 15 s), and stops once
 * pending() is false, after limitMs (the server's own timeout has passed
 * by then), or when the component unmounts. A failed refresh counts as a
 * try; nothing is shown for it (the page keeps what it has).
 */
export function useRefreshWhile(pending: () => boolean, refresh: () => Promise<unknown>, limitMs = 5 * 60_000): { stop: () => void } {
  let timer: ReturnType<typeof setTimeout> | undefined
  let delay = 2000
  let started = 0
  let stopped = false
  const schedule = (): void => {
    if (stopped || timer !== undefined || !pending()) return
    if (started === 0) started = Date.now()
    if (Date.now() - started + delay > limitMs) return
    timer = setTimeout(async () => {
      try {
        await refresh()
      } catch {
        // keep what is shown; the next try may succeed
      }
      timer = undefined
      delay = Math.min(delay * 2, 15_000)
      if (!pending()) {
        started = 0
        delay = 2000
      }
      schedule()
    }, delay)
  }
  const stopWatch = watch(
    pending,
    (p) => {
      if (!p) return
      if (timer === undefined) {
        // pending again (a new upload, or after giving up): start over
        started = 0
        delay = 2000
      }
      schedule()
    },
    { immediate: true },
  )
  const stop = (): void => {
    stopped = true
    stopWatch()
    if (timer !== undefined) clearTimeout(timer)
  }
  if (getCurrentInstance()) onBeforeUnmount(stop)
  return { stop }
}
