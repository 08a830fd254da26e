import { describe, expect, it } from 'vitest'
import { checkPassword, generatePassword, passwordOk } from '@/composables/password'

describe('password policy hints', () => {
  const cases = [
    { name: 'ok', pw: 'abc12345', account: 'zhang', ok: true },
    { name: 'too short', pw: 'abc1234', account: 'zhang', ok: false },
    { name: 'no digit', pw: 'abcdefgh', account: 'zhang', ok: false },
    { name: 'no letter', pw: '12345678', account: 'zhang', ok: false },
    { name: 'same as account', pw: 'zhang123', account: 'zhang123', ok: false },
    { name: 'same as account, other case', pw: 'Zhang123', account: 'zhang123', ok: false },
  ]
  for (const c of cases) {
    it(c.name, () => expect(passwordOk(c.pw, c.account)).toBe(c.ok))
  }

  it('reports each rule', () => {
    expect(checkPassword('', 'a')).toEqual({ length: false, letterAndDigit: false, notAccount: false })
  })

  it('generates passwords that pass', () => {
    for (let i = 0; i < 200; i++) {
      const pw = generatePassword()
      expect(pw).toHaveLength(10)
      expect(passwordOk(pw, 'someone')).toBe(true)
    }
  })
})
