import { useI18n } from 'vue-i18n'
import { ApiError } from '@/api/http'

// Codes whose server message says more than a generic sentence could (the
// server writes it in the UI language, see setRequestLanguage).
const SPECIFIC = new Set(['invalid', 'conflict', 'not_found', 'bad_request'])

/** Turns any thrown value into a sentence for the user. */
export function useErrorMessage() {
  const { t, te } = useI18n()
  return function errorMessage(err: unknown): string {
    if (err instanceof ApiError) {
      if (err.code === 'rate_limited' && err.retryAfter !== undefined) {
        return t('errors.rateLimitedFor', { seconds: err.retryAfter })
      }
      if (err.code === 'invalid' && err.hasFields) return Object.values(err.fields).join('；')
      if (SPECIFIC.has(err.code) && err.message) return err.message
      const key = `errors.${err.code}`
      if (te(key)) return t(key)
      return err.message || t('errors.unknown')
    }
    if (err instanceof Error && err.message) return err.message
    return t('errors.unknown')
  }
}
