// Sign-in, navigation by role, sign-out, failed login, language switch.

import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'

import { byTestId, DEMO_USERS, launch, login, logout, navKeys, openPage } from './helpers.mjs'

let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

describe('navigation by role', () => {
  for (const user of DEMO_USERS) {
    it(`${user.username} (${user.role}) sees exactly ${user.nav.join(', ')}`, async () => {
      const { page, context, assertClean } = await openPage(browser)
      try {
        await login(page, user.username)
        assert.deepEqual(await navKeys(page), user.nav)
        const roles = await page.locator(`${byTestId('home-roles')} [data-role]`).evaluateAll((els) =>
          els.map((e) => e.getAttribute('data-role')),
        )
        assert.deepEqual(roles, [user.role])
        await assert.doesNotReject(page.locator(byTestId('home-username')).filter({ hasText: user.username }).waitFor())
        assertClean()
      } finally {
        await context.close()
      }
    })
  }

  it('direct navigation to a section the roles do not allow shows no permission', async () => {
    const { page, context, assertClean } = await openPage(browser)
    try {
      await login(page, 'officer')
      for (const path of ['/audit', '/admin']) {
        await page.goto(path)
        await page.locator(byTestId('forbidden')).waitFor()
        assert.match(await page.locator(byTestId('forbidden')).innerText(), /无权访问/)
        assert.equal(new URL(page.url()).pathname, path)
      }
      await page.goto('/travellers')
      await page.locator(byTestId('traveller-form')).waitFor()
      assert.equal(await page.locator(byTestId('forbidden')).count(), 0)
      assertClean()
    } finally {
      await context.close()
    }
  })

  it('an unauthenticated visit goes to login and returns to the page after login', async () => {
    const { page, context, assertClean } = await openPage(browser)
    try {
      await page.goto('/audit')
      await page.waitForURL(/\/login\?redirect=/)
      assert.equal(new URL(page.url()).searchParams.get('redirect'), '/audit')
      await login(page, 'auditor')
      await page.waitForURL((url) => url.pathname === '/audit')
      await page.locator(byTestId('audit-table')).waitFor()
      assertClean()
    } finally {
      await context.close()
    }
  })
})

describe('session', () => {
  it('log out returns to the login page and ends the session', async () => {
    const { page, context, assertClean } = await openPage(browser)
    try {
      await login(page, 'officer')
      const before = await page.request.get('/api/v1/auth/me')
      assert.equal(before.status(), 200)
      await logout(page)
      await page.locator(byTestId('login-username')).waitFor()
      const afterLogout = await page.request.get('/api/v1/auth/me')
      assert.equal(afterLogout.status(), 401)
      // The protected pages are closed again.
      await page.goto('/')
      await page.waitForURL(/\/login/)
      assertClean()
    } finally {
      await context.close()
    }
  })

  it('a failed login shows the error and stays on the login page', async () => {
    const { page, context, assertClean } = await openPage(browser)
    try {
      await page.goto('/login')
      await page.locator(byTestId('login-username')).fill('officer')
      await page.locator(byTestId('login-password')).fill('not-the-password')
      await page.locator(byTestId('login-submit')).click()
      const error = page.locator(byTestId('login-error'))
      await error.waitFor()
      assert.match(await error.innerText(), /用户名或密码错误/)
      assert.match(page.url(), /\/login/)
      // The message follows the language.
      await page.locator(byTestId('lang-en')).click()
      await page.locator(byTestId('login-error')).filter({ hasText: 'Invalid username or password' }).waitFor()
      assertClean()
    } finally {
      await context.close()
    }
  })

  it('a 401 from the API (session gone) sends the user to login and back', async () => {
    const { page, context, assertClean } = await openPage(browser)
    try {
      await login(page, 'auditor')
      await context.clearCookies() // the server no longer knows this browser
      await page.locator(byTestId('nav-audit')).click()
      await page.waitForURL(/\/login\?redirect=/)
      assert.equal(new URL(page.url()).searchParams.get('redirect'), '/audit')
      await login(page, 'auditor')
      await page.waitForURL((url) => url.pathname === '/audit')
      assertClean()
    } finally {
      await context.close()
    }
  })

  it('a reload keeps the session (the CSRF token is fetched again)', async () => {
    const { page, context, assertClean } = await openPage(browser)
    try {
      await login(page, 'admin')
      await page.reload()
      await page.locator(byTestId('user-menu')).waitFor()
      assert.deepEqual(await navKeys(page), ['home', 'watchlists', 'partners', 'admin'])
      assertClean()
    } finally {
      await context.close()
    }
  })
})

describe('language', () => {
  it('switches zh-CN ↔ English and keeps the choice across a reload', async () => {
    const { page, context, assertClean } = await openPage(browser)
    try {
      await login(page, 'auditor')
      const home = page.locator(byTestId('nav-home'))
      const audit = page.locator(byTestId('nav-audit'))
      assert.equal((await home.innerText()).trim(), '首页')
      assert.equal((await audit.innerText()).trim(), '审计日志')
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN')

      await page.locator(byTestId('lang-en')).click()
      await page.locator(byTestId('nav-home')).filter({ hasText: 'Home' }).waitFor()
      assert.equal((await audit.innerText()).trim(), 'Audit log')
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'en')

      await page.reload()
      await page.locator(byTestId('nav-home')).filter({ hasText: 'Home' }).waitFor()
      assert.equal((await page.locator(byTestId('nav-audit')).innerText()).trim(), 'Audit log')

      await page.locator(byTestId('lang-zh-CN')).click()
      await page.locator(byTestId('nav-home')).filter({ hasText: '首页' }).waitFor()
      await page.reload()
      await page.locator(byTestId('nav-home')).filter({ hasText: '首页' }).waitFor()
      assertClean()
    } finally {
      await context.close()
    }
  })
})
