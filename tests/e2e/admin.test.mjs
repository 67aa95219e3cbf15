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
      assert.deepEqual(await navKeys(created.page), ['home', 'travellers'])
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

  it('the units tab shows the unit tree', async () => {
    const { page, context, assertClean } = await openPage(browser)
    try {
      await login(page, 'admin')
      await page.goto('/admin')
      await page.locator('.el-tabs__item', { hasText: '单位' }).click()
      await page.locator(`${byTestId('units-tree')} [data-testid^="unit-node-"]`).first().waitFor()
      assertClean()
    } finally {
      await context.close()
    }
  })
})
