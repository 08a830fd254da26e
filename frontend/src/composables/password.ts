/** The password policy the server enforces, mirrored for live hints. */
export interface PasswordChecks {
  length: boolean
  letterAndDigit: boolean
  notAccount: boolean
}

export const MIN_PASSWORD_LENGTH = 8

export function checkPassword(password: string, account: string): PasswordChecks {
  return {
    length: [...password].length >= MIN_PASSWORD_LENGTH,
    letterAndDigit: /\p{L}/u.test(password) && /\d/.test(password),
    notAccount: password !== '' && password.toLowerCase() !== account.toLowerCase(),
  }
}

export function passwordOk(password: string, account: string): boolean {
  const c = checkPassword(password, account)
  return c.length && c.letterAndDigit && c.notAccount
}

// No look-alike characters (0/O, 1/l/I), so a password read aloud or
// written on paper survives.
const LETTERS = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ'
const DIGITS = '23456789'

/** A random temporary password that satisfies the policy. */
export function generatePassword(length = 10): string {
  const all = LETTERS + DIGITS
  const pick = (set: string) => {
    const buf = new Uint32Array(1)
    crypto.getRandomValues(buf)
    return set[buf[0]! % set.length]!
  }
  const chars = [pick(LETTERS), pick(DIGITS)]
  while (chars.length < length) chars.push(pick(all))
  for (let i = chars.length - 1; i > 0; i--) {
    const buf = new Uint32Array(1)
    crypto.getRandomValues(buf)
    const j = buf[0]! % (i + 1)
    ;[chars[i], chars[j]] = [chars[j]!, chars[i]!]
  }
  return chars.join('')
}
