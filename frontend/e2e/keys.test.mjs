// Browser end-to-end test of the key-visibility rule (issue 8) against a
// running server with the demo data (WEISHI_DEMO=on).
//
//   WEISHI_URL=http://127.0.0.1:18120 WEISHI_ADMIN_PASSWORD=Admin12345 node --test e2e/keys.test.mjs
//
// The organizer gives the demo staff member a paper that never shows its
// key, with fixed questions; the staff member takes it and gets answers
// wrong. On a phone, the notebook lists the mistakes without their key and
// says the quiz does not show it, with redo disabled; practising one of the
// questions is refused with the reason. Screenshots go to
// e2e/artifacts/keys-*.png.

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { BASE, DEMO_PASSWORD, PHONE, launch, login, shooter, skip } from './helpers.mjs'

const shot = shooter('keys-', { wait: 350, fullPage: true })

/** Calls the API from the page, with its session and CSRF token. */
async function api(page, method, path, body) {
  return page.evaluate(
    async ([method, path, body]) => {
      const me = await (await fetch('/api/v1/me')).json()
      const init = { method, headers: { 'X-CSRF-Token': me.csrfToken, 'Accept-Language': 'zh-CN' } }
      if (body && body.file) {
        const form = new FormData()
        form.append('file', new Blob([body.file], { type: 'text/plain' }), 'keys.txt')
        init.body = form
      } else if (body) {
        init.headers['Content-Type'] = 'application/json'
        init.body = JSON.stringify(body)
      }
      const r = await fetch('/api/v1' + path, init)
      return { status: r.status, body: await r.json().catch(() => null) }
    },
    [method, path, body],
  )
}

test('a never-review paper: the notebook holds the key and says so, practice refuses', { skip, timeout: 120_000 }, async () => {
  const browser = await launch(['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'])
  const stamp = String(Date.now())
  const errors = []
  try {
    const orgCtx = await browser.newContext({ locale: 'zh-CN' })
    const org = await orgCtx.newPage()
    await login(org, 'organizer', DEMO_PASSWORD)
    const file = `判断题\n1. [${stamp}] 网吧不得接纳未成年人。\n【答案】正确\n【解析】[${stamp}]解析\n【依据】《互联网上网服务营业场所管理条例》第二十一条\n2. [${stamp}] 娱乐场所不得设在居民楼内。\n【答案】正确\n【依据】《娱乐场所管理条例》第七条\n`
    let r = await api(org, 'POST', '/quiz/import', { file })
    assert.equal(r.status, 200, JSON.stringify(r.body))
    const ids = r.body.ids
    const staff = await api(org, 'GET', '/quiz/people?q=staff')
    const me = staff.body.find((p) => p.account === 'staff')
    r = await api(org, 'POST', '/quiz/papers', { title: `保密测验${stamp}`, review: 'never', items: ids.map((id) => ({ questionId: id, points: 1 })) })
    assert.equal(r.status, 201, JSON.stringify(r.body))
    const paper = r.body
    r = await api(org, 'POST', `/quiz/papers/${paper.id}/assign`, { userIds: [me.id] })
    assert.equal(r.status, 200, JSON.stringify(r.body))
    // and one whose key is shown when it closes, tomorrow
    r = await api(org, 'POST', '/quiz/import', { file: `判断题\n1. [${stamp}] 演出须经批准。\n【答案】正确\n` })
    assert.equal(r.status, 200, JSON.stringify(r.body))
    const closesAt = new Date(Date.now() + 24 * 3600 * 1000).toISOString()
    r = await api(org, 'POST', '/quiz/papers', { title: `闭卷后公布${stamp}`, review: 'after_close', closesAt, items: [{ questionId: r.body.ids[0], points: 1 }] })
    assert.equal(r.status, 201, JSON.stringify(r.body))
    const later = r.body
    r = await api(org, 'POST', `/quiz/papers/${later.id}/assign`, { userIds: [me.id] })
    assert.equal(r.status, 200, JSON.stringify(r.body))
    await orgCtx.close()

    const phone = await browser.newContext({ viewport: PHONE, locale: 'zh-CN', isMobile: true, hasTouch: true })
    const p = await phone.newPage()
    p.on('pageerror', (e) => errors.push(e))
    await login(p, 'staff', DEMO_PASSWORD)
    // practising a question of the assigned paper is refused with the reason
    r = await api(p, 'POST', `/quiz/practice/${ids[0]}/answer`, { response: { true: false } })
    assert.equal(r.status, 409)
    assert.match(r.body.error.message, /不公布答案，不能练习/)
    r = await api(p, 'POST', `/quiz/papers/${paper.id}/start`)
    assert.equal(r.status, 200)
    const answers = r.body.items.map((it) => ({ seq: it.seq, response: { true: false } }))
    r = await api(p, 'POST', `/quiz/attempts/${r.body.id}/submit`, { answers })
    assert.equal(r.status, 200)
    assert.ok(!JSON.stringify(r.body).includes('"answer"'), 'the result carries no key')
    r = await api(p, 'POST', `/quiz/papers/${later.id}/start`)
    assert.equal(r.status, 200)
    r = await api(p, 'POST', `/quiz/attempts/${r.body.id}/submit`, { answers: [{ seq: 1, response: { true: false } }] })
    assert.equal(r.status, 200)

    await p.goto(BASE + '/quiz/notebook')
    const mine = p.locator('[data-test="notebook-entry"]', { hasText: stamp })
    await mine.first().waitFor()
    assert.equal(await mine.count(), 3, 'the three mistakes are in the notebook')
    const dated = p.locator('[data-test="notebook-entry"]', { hasText: '演出须经批准' }).locator('[data-test="notebook-hold"]')
    assert.match(await dated.innerText(), /^答案将在 .+ 后公布/)
    const hold = p.locator('[data-test="notebook-entry"]', { hasText: '网吧' }).filter({ hasText: stamp }).locator('[data-test="notebook-hold"]')
    assert.match(await hold.innerText(), new RegExp(`保密测验${stamp}.*不公布答案`))
    assert.ok(!(await mine.first().innerText()).includes(`[${stamp}]解析`), 'no explanation is shown')
    assert.ok(await mine.first().locator('[data-test="notebook-redo"]').isDisabled(), 'redo waits for the key')
    await shot(p, '01-notebook-held-phone')
    // and in English
    await p.evaluate(() => localStorage.setItem('weishi.locale', 'en'))
    await p.reload()
    await mine.first().waitFor()
    assert.match(await hold.innerText(), /does not show its key/)
    assert.match(await dated.innerText(), /^The key is shown after /)
    await shot(p, '02-notebook-held-phone-en')
    await phone.close()
    assert.deepEqual(errors, [])
  } finally {
    await browser.close()
  }
})
