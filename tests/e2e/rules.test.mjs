// Risk rules: an analyst writes a rule, sees a type error at its position as
// they type, fixes it, saves and submits; the analyst cannot approve it (the
// UI says why, the API answers 403); a supervisor approves it, it is in
// force, and a backtest shows a chart and counts. Four eyes: a person with
// both roles cannot approve their own rule (UI note, API 403 four_eyes).

import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'

import { byTestId, launch, login, openPage } from './helpers.mjs'

let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

const stamp = Date.now().toString(36).toUpperCase()
const CODE = `E2E-ALERT-PORT-${stamp}`

// Line 2 compares an int with a string: a type error at the '>' (column 23).
const WITH_TYPE_ERROR = 'journey.embarkation_port in ref.alert_ports\n  && history.refusals > "0"'
const FIXED = 'journey.embarkation_port in ref.alert_ports\n  && history.refusals >= 0'

/** The CSRF token of the page's session, for calling the API as that user. */
async function csrf(page) {
  const res = await page.request.get('/api/v1/auth/me')
  assert.equal(res.status(), 200)
  return (await res.json()).csrf_token
}

async function apiPost(page, path, body) {
  const token = await csrf(page)
  return page.request.post(path, { headers: { 'X-CSRF-Token': token }, data: body ?? {} })
}

async function ruleId(page, code) {
  const res = await page.request.get('/api/v1/rules')
  assert.equal(res.status(), 200)
  const rule = (await res.json()).rules.find((r) => r.code === code)
  assert.ok(rule, `rule ${code} is listed`)
  return rule.id
}

// Every menu entry is on screen and nothing covers it (a user with many
// roles has more entries than one header row holds).
async function assertNavUncovered(page) {
  const entries = page.locator('[data-testid^="nav-"]')
  const count = await entries.count()
  assert.ok(count >= 8, `many entries for many roles (${count})`)
  for (let i = 0; i < count; i++) {
    const entry = entries.nth(i)
    const covered = await entry.evaluate((el) => {
      const r = el.getBoundingClientRect()
      const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2)
      return !(top && el.contains(top)) || r.right > window.innerWidth
    })
    assert.equal(covered, false, `menu entry ${await entry.getAttribute('data-testid')} is visible and uncovered`)
  }
}

async function openRules(page) {
  await page.locator(byTestId('nav-rules')).click()
  await page.waitForURL(/\/rules$/)
  await page.locator(byTestId('rules-table')).waitFor()
}

async function stateOf(page, code) {
  return page.locator(byTestId(`rule-state-${code}`)).getAttribute('data-state')
}

describe('risk rules', () => {
  it('an analyst writes a rule, sees diagnostics as they type, saves and submits; cannot approve it', async () => {
    const { page, context, assertClean } = await openPage(browser)
    try {
      await login(page, 'analyst')
      await openRules(page)
      // The demo's rules in force are listed.
      assert.equal(await stateOf(page, 'DOC-EXPIRY-30D'), 'active')

      await page.locator(byTestId('rule-new')).click()
      const editor = page.locator(byTestId('rule-editor'))
      await editor.locator(byTestId('rule-code')).fill(CODE)
      await editor.locator(byTestId('rule-name')).fill('端到端：来自预警口岸')
      const expression = editor.locator(byTestId('rule-expression'))

      // A type error: shown with its position, the line marked in the gutter.
      await expression.fill(WITH_TYPE_ERROR)
      const diagnostic = editor.locator(byTestId('rule-diagnostic')).first()
      await diagnostic.waitFor()
      assert.equal(await diagnostic.getAttribute('data-kind'), 'type_error')
      assert.equal(await diagnostic.getAttribute('data-line'), '2')
      assert.equal(await diagnostic.getAttribute('data-column'), '23')
      assert.equal((await diagnostic.locator(byTestId('rule-diagnostic-position')).innerText()).trim(), '第 2 行 第 23 列')
      assert.match(await diagnostic.locator(byTestId('rule-diagnostic-message')).innerText(), /'>'.*\(int, string\)/)
      await editor.locator(byTestId('expr-mark-2')).waitFor()
      assert.equal(await editor.locator(byTestId('expr-mark-1')).count(), 0)

      // The rights guard refuses a rule on demographics alone, as you type.
      await expression.fill('traveller.nationality in ref.alert_countries')
      await editor.locator(`${byTestId('rule-diagnostic')}[data-kind="rights_guard"]`).waitFor()
      assert.match(await editor.locator(byTestId('rule-diagnostics')).innerText(), /权利保护拒绝/)

      // Fixed: no problems left.
      await expression.fill(FIXED)
      await editor.locator(`${byTestId('rule-check-status')}[data-status="ok"]`).waitFor()
      assert.equal(await editor.locator(byTestId('rule-diagnostic')).count(), 0)

      await editor.locator(byTestId('rule-refer-secondary')).click()
      await editor.locator(byTestId('rule-save')).click()
      await editor.waitFor({ state: 'hidden' })
      await page.locator(byTestId(`rule-code-${CODE}`)).waitFor()
      assert.equal(await stateOf(page, CODE), 'draft')

      await page.locator(byTestId(`rule-submit-${CODE}`)).click()
      await page.locator(`${byTestId(`rule-state-${CODE}`)}[data-state="pending_approval"]`).waitFor()

      // The analyst may not approve: the button is disabled and the UI says why.
      assert.equal(await page.locator(byTestId(`rule-approve-${CODE}`)).isDisabled(), true)
      assert.match(await page.locator(byTestId(`rule-decide-note-${CODE}`)).innerText(), /只有审批人.*双人复核/)
      // No approval queue tab for an analyst.
      assert.equal(await page.locator(byTestId('rules-tab-approval')).count(), 0)

      // And the API refuses it.
      const res = await apiPost(page, `/api/v1/rules/${await ruleId(page, CODE)}/approve`)
      assert.equal(res.status(), 403)
      assert.equal((await res.json()).error?.code, 'forbidden')
      assert.equal(await stateOf(page, CODE), 'pending_approval')
      assertClean()
    } finally {
      await context.close()
    }
  })

  it('a supervisor approves it from the queue; it is in force and a backtest shows a chart and counts', async () => {
    const { page, context, assertClean } = await openPage(browser)
    try {
      await login(page, 'supervisor')
      await openRules(page)
      await page.locator(byTestId('rules-tab-approval')).click()
      const card = page.locator(byTestId(`approval-${CODE}`))
      await card.waitFor()
      // A new rule: the whole expression is an addition.
      assert.match(await card.locator(byTestId('approval-expression-diff')).innerText(), /\+ {3}&& history\.refusals >= 0/)
      assert.equal(await page.locator(byTestId(`approval-block-${CODE}`)).count(), 0)
      await card.locator(byTestId(`approval-approve-${CODE}`)).click()
      await card.waitFor({ state: 'detached' })

      await page.locator(byTestId('rules-tab-list')).click()
      await page.locator(`${byTestId(`rule-state-${CODE}`)}[data-state="active"]`).waitFor()
      assert.match(await page.locator(byTestId(`rule-state-${CODE}`)).innerText(), /生效中/)

      await page.locator(byTestId(`rule-backtest-${CODE}`)).click()
      const dialog = page.locator(byTestId('backtest-dialog'))
      await dialog.locator(`${byTestId('backtest-days')} input`).fill('30')
      await dialog.locator(byTestId('backtest-run')).click()
      await dialog.locator(`${byTestId('backtest-chart')} canvas`).waitFor()
      const evaluated = Number(await dialog.locator(byTestId('backtest-evaluated')).innerText())
      const flagged = Number(await dialog.locator(byTestId('backtest-flagged')).innerText())
      // The demo has 600 snapshots over 30 days, about one in eight from an alert port.
      assert.ok(evaluated > 0, `evaluated ${evaluated}`)
      assert.ok(flagged > 0 && flagged < evaluated, `flagged ${flagged} of ${evaluated}`)
      const portRows = dialog.locator(`${byTestId('backtest-by-port')} .el-table__body .el-table__row`)
      assert.ok((await portRows.count()) >= 1)
      const sampleRows = dialog.locator(`${byTestId('backtest-sample')} .el-table__body .el-table__row`)
      assert.equal(await sampleRows.count(), Math.min(flagged, 20))
      assert.match(await sampleRows.first().innerText(), /journey\.embarkation_port = XXPOR/)
      assertClean()
    } finally {
      await context.close()
    }
  })

  it('four eyes: someone holding both roles cannot approve their own rule (UI note, API 403 four_eyes)', async () => {
    const username = 'e2e4eyes' + Date.now().toString(36)
    const password = 'Checkpoint-e2e-' + Date.now().toString(36) + '-Xq7'
    const code = `E2E-OWN-${stamp}`
    const admin = await openPage(browser)
    try {
      await login(admin.page, 'admin')
      const units = (await (await admin.page.request.get('/api/v1/units')).json()).units
      const yn = units.find((u) => u.code === 'YN')
      assert.ok(yn, 'the demo has unit YN')
      const res = await apiPost(admin.page, '/api/v1/users', {
        username,
        display_name: '端到端双角色',
        password,
        unit_id: yn.id,
        roles: ['analyst', 'supervisor', 'officer', 'secondary_officer', 'command', 'auditor'],
      })
      assert.equal(res.status(), 201, await res.text())
    } finally {
      await admin.context.close()
    }

    const { page, context, assertClean } = await openPage(browser)
    try {
      await login(page, username, password)
      const created = await apiPost(page, '/api/v1/rules', {
        code,
        name: '端到端：本人规则',
        expression: 'history.refusals > 2',
        level: 'low',
      })
      assert.equal(created.status(), 201, await created.text())
      const id = (await created.json()).rule.id
      assert.equal((await apiPost(page, `/api/v1/rules/${id}/submit`)).status(), 200)

      await assertNavUncovered(page)
      await openRules(page)
      await page.locator(byTestId('rules-tab-approval')).click()
      const card = page.locator(byTestId(`approval-${code}`))
      await card.waitFor()
      assert.match(await page.locator(byTestId(`approval-block-${code}`)).innerText(), /双人复核：您编写或提交了此规则/)
      assert.equal(await card.locator(byTestId(`approval-approve-${code}`)).isDisabled(), true)
      assert.equal(await card.locator(byTestId(`approval-reject-${code}`)).isDisabled(), true)

      const res = await apiPost(page, `/api/v1/rules/${id}/approve`)
      assert.equal(res.status(), 403)
      assert.equal((await res.json()).error?.code, 'four_eyes')
      assertClean()
    } finally {
      await context.close()
    }
  })

  it('an analyst edits a reference set; a supervisor only reads them', async () => {
    const item = `XX${stamp.slice(-3)}`
    const analyst = await openPage(browser)
    try {
      const { page } = analyst
      await login(page, 'analyst')
      await openRules(page)
      await page.locator(byTestId('rules-tab-refsets')).click()
      await page.locator(byTestId('refset-alert_ports')).waitFor()
      await page.locator(byTestId('refset-edit-alert_ports')).click()
      const dialog = page.locator(byTestId('refset-dialog'))
      const items = dialog.locator(byTestId('refset-items'))
      assert.match(await items.inputValue(), /XXPOR/)
      await items.fill((await items.inputValue()) + `\n${item}\n`)
      await dialog.locator(byTestId('refset-save')).click()
      await dialog.waitFor({ state: 'hidden' })
      await page.locator(byTestId('refsets')).getByText(item, { exact: true }).waitFor()
      const res = await page.request.get('/api/v1/reference-sets/alert_ports')
      assert.ok((await res.json()).reference_set.items.includes(item))
      analyst.assertClean()
    } finally {
      await analyst.context.close()
    }

    const supervisor = await openPage(browser)
    try {
      const { page } = supervisor
      await login(page, 'supervisor')
      await openRules(page)
      await page.locator(byTestId('rules-tab-refsets')).click()
      await page.locator(byTestId('refset-alert_countries')).waitFor()
      assert.equal(await page.locator(byTestId('refset-create')).count(), 0)
      assert.equal(await page.locator(byTestId('refset-edit-alert_ports')).count(), 0)
      supervisor.assertClean()
    } finally {
      await supervisor.context.close()
    }
  })
})
