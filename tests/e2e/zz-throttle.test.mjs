// Login throttling: after repeated failures the server answers 429 and the
// login page shows how long to wait. Named zz-* so that node --test (which
// sorts the files) runs it last: a server may throttle by client address too,
// and that must not disturb the other tests. (It also uses a user that does
// not exist, so no demo account gets locked.)

import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'

import { byTestId, launch, openPage } from './helpers.mjs'

const MAX_ATTEMPTS = 30

let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

describe('login throttling', () => {
  it('repeated failures are throttled and the page shows the wait', async () => {
    const { page, context, assertClean } = await openPage(browser)
    // A user that does not exist, so no demo account gets locked.
    const username = 'e2e-throttle-' + Date.now().toString(36)
    try {
      await page.goto('/login')
      let throttled = null
      for (let i = 0; i < MAX_ATTEMPTS && !throttled; i++) {
        const res = await page.request.post('/api/v1/auth/login', {
          data: { username, password: 'wrong-password-' + i },
        })
        if (res.status() === 429) throttled = res
        else assert.equal(res.status(), 401)
      }
      assert.ok(throttled, `no 429 after ${MAX_ATTEMPTS} failed logins`)
      const body = await throttled.json()
      assert.equal(body.error?.code, 'throttled')
      assert.equal(typeof body.error?.retry_after, 'number')
      assert.match(throttled.headers()['retry-after'] ?? '', /^\d+$/)

      await page.locator(byTestId('login-username')).fill(username)
      await page.locator(byTestId('login-password')).fill('still-wrong')
      await page.locator(byTestId('login-submit')).click()
      const error = page.locator(byTestId('login-error'))
      await error.waitFor()
      assert.equal(await error.getAttribute('data-kind'), 'throttled')
      assert.match(await error.innerText(), /登录尝试过于频繁，请在 \d+ 秒后重试/)
      assert.equal(await page.locator(byTestId('login-submit')).isDisabled(), true)
      assertClean()
    } finally {
      await context.close()
    }
  })
})
