import { onBeforeUnmount, ref, type Ref } from 'vue'

export const MOBILE_QUERY = '(max-width: 768px)'

/** Follows whether the viewport is phone-sized. */
export function useIsMobile(query = MOBILE_QUERY): Ref<boolean> {
  const mql = typeof window !== 'undefined' && window.matchMedia ? window.matchMedia(query) : null
  const isMobile = ref(mql?.matches ?? false)
  if (mql) {
    const onChange = (e: MediaQueryListEvent) => (isMobile.value = e.matches)
    mql.addEventListener('change', onChange)
    onBeforeUnmount(() => mql.removeEventListener('change', onChange))
  }
  return isMobile
}
