// Administration: an admin creates a user, who can then sign in.

import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'

import { byTestId, launch, login, navKeys, openPage } from './helpers.mjs'

let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

describe('administration', () => {
  it('an admin creates a user who can then sign in with the right menu', async () => {
    const username = 'e2e' + Date.now().toString(36)
    const password = 'Checkpoint-e2e-' + Date.now().toString(36) + '-Xq7'
    const { page, context, assertClean } = await openPage(browser)
    try {
      await login(page, 'admin')
      await page.locator(byTestId('nav-admin')).click()
      await page.locator(byTestId('user-row-officer')).waitFor()

      await page.locator(byTestId('admin-create-user')).click()
      const dialog = page.locator(byTestId('create-user-dialog'))
      await dialog.locator(byTestId('new-user-username')).waitFor()

      // Submitting an empty form is refused in the UI.
      await dialog.locator(byTestId('new-user-submit')).click()
      await dialog.locator('.el-form-item__error').first().waitFor()

      await dialog.locator(byTestId('new-user-username')).fill(username)
      await dialog.locator(byTestId('new-user-display-name')).fill('端到端测试员')
      await dialog.locator(byTestId('new-user-password')).fill(password)
      await dialog.locator(byTestId('new-user-unit')).click()
      await dialog.locator('[data-testid^="unit-option-"]').last().click()
      await dialog.locator(byTestId('new-user-roles')).click()
      await dialog.locator(byTestId('role-option-analyst')).click()
      await dialog.locator(byTestId('new-user-username')).click() // close the role list
      await dialog.locator(byTestId('new-user-submit')).click()

      await page.locator(byTestId(`user-row-${username}`)).waitFor()
      await dialog.waitFor({ state: 'hidden' })
      assertClean()
    } finally {
      await context.close()
    }

    const created = await openPage(browser)
    try {
      await login(created.page, username, password)
      // An analyst: the rules page too.
      assert.deepEqual(await navKeys(created.page), ['home', 'documents', 'travellers', 'screening', 'watchlists', 'overstays', 'rules', 'arrivals', 'partners'])
      assert.match(await created.page.locator(byTestId('home-display-name')).innerText(), /端到端测试员/)
      created.assertClean()
    } finally {
      await created.context.close()
    }
  })

  it('a password the server refuses is shown on the password field', async () => {
    const { page, context, assertClean } = await openPage(browser)
    try {
      await login(page, 'admin')
      await page.goto('/admin')
      await page.locator(byTestId('admin-create-user')).click()
      const dialog = page.locator(byTestId('create-user-dialog'))
      await dialog.locator(byTestId('new-user-username')).fill('e2eshort' + Date.now().toString(36))
      await dialog.locator(byTestId('new-user-display-name')).fill('短密码')
      await dialog.locator(byTestId('new-user-password')).fill('abc')
      await dialog.locator(byTestId('new-user-unit')).click()
      await dialog.locator('[data-testid^="unit-option-"]').last().click()
      await dialog.locator(byTestId('new-user-roles')).click()
      await dialog.locator(byTestId('role-option-officer')).click()
      await dialog.locator(byTestId('new-user-username')).click()
      await dialog.locator(byTestId('new-user-submit')).click()
      const passwordItem = dialog.locator('.el-form-item', { has: page.locator(byTestId('new-user-password')) })
      await passwordItem.locator('.el-form-item__error').waitFor()
      assert.equal(await dialog.isVisible(), true)
      assertClean()
    } finally {
      await context.close()
    }
  })

  it('an admin disables and enables a user; a disabled user cannot sign in', async () => {
    const username = 'e2edis' + Date.now().toString(36)
    const password = 'Checkpoint-e2e-' + Date.now().toString(36) + '-Zr4'
    const { page, context, assertClean } = await openPage(browser)
    try {
      await login(page, 'admin')
      // Create the user through the API, with the session's CSRF token.
      const me = await (await page.request.get('/api/v1/auth/me')).json()
      const admin = me.user
      const res = await page.request.post('/api/v1/users', {
        headers: { 'X-CSRF-Token': me.csrf_token },
        data: { username, display_name: '停用测试', password, unit_id: admin.unit_id, roles: ['command'] },
      })
      assert.equal(res.status(), 201, await res.text())

      await page.goto('/admin')
      const status = page.locator(byTestId(`user-status-${username}`))
      await status.filter({ hasText: '正常' }).waitFor()
      await page.locator(byTestId(`user-disable-${username}`)).click()
      await status.filter({ hasText: '已停用' }).waitFor()
      const refused = await page.request.post('/api/v1/auth/login', { data: { username, password } })
      assert.ok([401, 403].includes(refused.status()), 'login of a disabled user: ' + refused.status())

      await page.locator(byTestId(`user-enable-${username}`)).click()
      await status.filter({ hasText: '正常' }).waitFor()
      assertClean()
    } finally {
      await context.close()
    }
  })

  it('an admin creates a unit and sees it in the tree', async () => {
    const code = 'E2E-' + Date.now().toString(36).toUpperCase()
    const { page, context, assertClean } = await openPage(browser)
    try {
      await login(page, 'admin')
      await page.goto('/admin')
      await page.locator('.el-tabs__item', { hasText: '单位' }).click()
      const firstNode = page.locator(`${byTestId('units-tree')} [data-testid^="unit-node-"]`).first()
      await firstNode.waitFor()

      await page.locator(byTestId('admin-create-unit')).click()
      const dialog = page.locator(byTestId('create-unit-dialog'))
      await dialog.locator(byTestId('new-unit-parent')).click()
      await dialog.locator('.el-select-dropdown__item').first().click()
      await dialog.locator(byTestId('new-unit-code')).fill(code)
      await dialog.locator(byTestId('new-unit-name')).fill('端到端测试站')
      await dialog.locator(byTestId('new-unit-name-en')).fill('E2E test station')
      await dialog.locator(byTestId('new-unit-kind')).click()
      await dialog.locator(byTestId('kind-option-station')).click()
      await dialog.locator(byTestId('new-unit-submit')).click()
      await dialog.waitFor({ state: 'hidden' })

      const node = page.locator(byTestId(`unit-node-${code}`))
      await node.waitFor()
      assert.match(await node.innerText(), /端到端测试站/)
      assertClean()
    } finally {
      await context.close()
    }
  })
})
