import { reactive } from 'vue'
import { ApiError } from '@/api/http'

/**
 * Server field errors for one form, keyed by the request's JSON field names,
 * ready for el-form-item's `error` prop: `:error="fieldErrors.account"`.
 */
export function useFieldErrors() {
  const fieldErrors = reactive<Record<string, string>>({})

  function clearFieldErrors(): void {
    for (const k of Object.keys(fieldErrors)) delete fieldErrors[k]
  }

  /**
   * Shows the error's fields beside their form items. Returns true when the
   * error had field messages (so the caller need not show a general one).
   */
  function applyFieldErrors(err: unknown): boolean {
    clearFieldErrors()
    if (!(err instanceof ApiError) || !err.hasFields) return false
    Object.assign(fieldErrors, err.fields)
    return true
  }

  return { fieldErrors, clearFieldErrors, applyFieldErrors }
}
