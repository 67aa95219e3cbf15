// Port inspection end to end: an officer opens a desk at Ruili port, a
// reader types a synthetic TD3 MRZ in a fast burst, the risk banner and the
// checklist appear, a referral is refused until every question is answered,
// then referred with a note; the secondary officer takes the case from the
// queue, records notes and checks and admits; the traveller's record shows
// the crossing (admit, referred); the audit trail has the events. And the
// desk fits a 1366x768 screen without horizontal scrolling.

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

// ICAO 9303-3 §4.9: weights 7, 3, 1; digits as themselves, A..Z as 10..35, '<' as 0.
function checkDigit(s) {
  const weights = [7, 3, 1]
  let sum = 0
  for (let i = 0; i < s.length; i++) {
    const c = s[i]
    const v = c === '<' ? 0 : /[0-9]/.test(c) ? Number(c) : c.charCodeAt(0) - 55
    sum += v * weights[i % 3]
  }
  return String(sum % 10)
}

/** A synthetic TD3 passport MRZ (two lines of 44) with correct check digits. */
function td3({ state, surname, given, number, nationality, birth, sex, expiry }) {
  const line1 = `P<${state}${surname}<<${given.replace(/ /g, '<')}`.padEnd(44, '<')
  const num = number.padEnd(9, '<')
  const optional = '<'.repeat(14)
  const part1 = num + checkDigit(num)
  const part2 = birth + checkDigit(birth)
  const part3 = expiry + checkDigit(expiry)
  const part4 = optional + checkDigit(optional)
  const composite = checkDigit(part1 + part2 + part3 + part4)
  const line2 = `${part1}${nationality}${part2}${sex}${part3}${part4}${composite}`
  assert.equal(line1.length, 44)
  assert.equal(line2.length, 44)
  return [line1, line2]
}

function vietnamese(seed) {
  return {
    state: 'VNM',
    surname: 'TRAN',
    given: 'THI MAI',
    number: `C${String(seed).padStart(7, '0')}`,
    nationality: 'VNM',
    birth: '900215',
    sex: 'F',
    expiry: '341231',
  }
}

/** Opens a desk at the officer's port (Ruili, the only one), entry, land. */
async function openDesk(page, label) {
  await page.locator(byTestId('nav-desk')).click()
  await page.waitForURL((url) => url.pathname === '/desk')
  await page.locator(byTestId('desk-open-form')).waitFor()
  const port = page.locator(`${byTestId('desk-open-form')} .el-select`).first()
  if (!/瑞丽|Ruili/.test(await port.innerText())) {
    await port.click()
    await page.locator('.el-select-dropdown__item', { hasText: /瑞丽|Ruili/ }).first().click()
  }
  await page.locator(byTestId('desk-label')).fill(label)
  await page.locator(byTestId('desk-direction-entry')).click()
  await page.locator(byTestId('desk-conveyance-land')).click()
  await page.locator(byTestId('desk-open')).click()
  await page.locator(byTestId('desk-session')).waitFor()
}

/** Types the MRZ as a reader does: characters and Enter keystrokes, no pause. */
async function scan(page, lines) {
  const input = page.locator(byTestId('desk-mrz'))
  await input.focus()
  await page.keyboard.type(lines.join('\n') + '\n', { delay: 0 })
}

const PURPOSE = '端到端测试：核查口岸查验记录'

describe('port inspection', () => {
  it('desk → refer → secondary admits → traveller record → audit trail', async () => {
    const [line1, line2] = td3(vietnamese(Date.now() % 10_000_000))
    const docNumber = line2.slice(0, 9).replace(/</g, '')

    // --- the officer's desk ---
    const officer = await openPage(browser, { expectStatuses: [409, 422] })
    try {
      const { page } = officer
      await login(page, 'officer')
      await openDesk(page, 'E2E1')
      const decisions = []
      page.on('request', (req) => {
        if (/\/api\/v1\/inspections\/\d+\/decision$/.test(new URL(req.url()).pathname)) decisions.push(req.url())
      })

      await scan(page, [line1, line2])
      const banner = page.locator(byTestId('risk-banner'))
      await banner.waitFor()
      assert.equal(await banner.getAttribute('data-level'), 'green', 'no list or rule on this branch: green')
      assert.match(await page.locator(byTestId('doc-number')).innerText(), new RegExp(docNumber))
      assert.equal(await page.locator(byTestId('doc-mrz')).getAttribute('class').then((c) => /success/.test(c)), true)

      // The checklist: the seeded entry questions, each with an answer field.
      const questions = page.locator(byTestId('question'))
      const keys = await questions.evaluateAll((els) => els.map((e) => e.getAttribute('data-key')))
      for (const k of ['face_matches_photo', 'document_security', 'purpose_of_travel']) {
        assert.ok(keys.includes(k), `question ${k} is asked: ${keys}`)
      }

      // Referring before answering is blocked, by the button and by Alt+2.
      const refer = page.locator(byTestId('decide-refer'))
      assert.ok(await refer.isDisabled(), 'refer is disabled while questions are unanswered')
      assert.match(await refer.innerText(), /Alt\+2/)
      assert.match(await page.locator(byTestId('decision-block')).innerText(), /必问事项未回答/)
      await page.keyboard.press('Alt+2')
      await page.locator('.el-message--warning', { hasText: '必问事项未回答' }).waitFor()
      assert.deepEqual(decisions, [], 'nothing was sent')

      // Answer every question, add a note, refer with the shortcut.
      const answers = page.locator(byTestId('question-answer'))
      for (let i = 0; i < (await answers.count()); i++) {
        await answers.nth(i).fill(`已核查 ${i + 1}`)
      }
      await page.locator(byTestId('decision-note')).fill('旅行目的陈述前后不一致，请二线核实')
      assert.ok(await refer.isEnabled(), 'refer is enabled once every question is answered')
      await page.keyboard.press('Alt+2')
      await page.locator(byTestId('desk-last-decision'), { hasText: '移交二线' }).waitFor()
      assert.equal(decisions.length, 1)
      // Ready for the next traveller: the input is empty and focused.
      const input = page.locator(byTestId('desk-mrz'))
      assert.equal(await input.inputValue(), '')
      assert.ok(await input.evaluate((el) => el === document.activeElement), 'the MRZ input has the focus')
      assert.equal(await page.locator(byTestId('risk-banner')).count(), 0)
      officer.assertClean()
    } finally {
      await officer.context.close()
    }

    // --- the secondary officer takes the case and admits ---
    const secondary = await openPage(browser)
    try {
      const { page } = secondary
      await login(page, 'secondary')
      await page.locator(byTestId('nav-secondary')).click()
      const row = page.locator(byTestId('secondary-case'), { hasText: docNumber })
      await row.waitFor()
      assert.match(await row.innerText(), /请二线核实/, 'the officer’s note is among the referral reasons')
      assert.match(await row.locator(byTestId('secondary-waiting')).innerText(), /^\d+:\d\d$/)
      await row.locator(byTestId('secondary-take')).click()
      await page.locator(byTestId('secondary-form')).waitFor()
      await page.locator(byTestId('risk-banner')).waitFor()
      await page.locator(byTestId('secondary-notes')).fill('询问旅行目的：探亲，提供了亲属地址，陈述一致')
      await page.locator(byTestId('secondary-check-document_examined')).click()
      await page.locator(byTestId('secondary-check-interview_recorded')).click()
      await page.locator(byTestId('secondary-findings')).fill('无异常')
      await page.locator(byTestId('secondary-outcome-admit')).click()
      await page.locator(byTestId('secondary-complete')).click()
      await page.locator(byTestId('secondary-done'), { hasText: '准予通行' }).waitFor()
      secondary.assertClean()
    } finally {
      await secondary.context.close()
    }

    // --- the traveller's record shows the crossing ---
    const supervisor = await openPage(browser)
    try {
      const { page } = supervisor
      await login(page, 'supervisor')
      await page.locator(byTestId('nav-travellers')).click()
      await page.locator(byTestId('traveller-query')).fill(docNumber)
      await page.locator(byTestId('traveller-purpose')).fill(PURPOSE)
      await page.locator(byTestId('traveller-search')).click()
      const rows = page.locator(`${byTestId('traveller-results')} .el-table__body .el-table__row`)
      await rows.first().waitFor()
      await rows.first().click()
      const crossing = page.locator(byTestId('history-crossing')).first()
      await crossing.waitFor()
      assert.equal(await crossing.getAttribute('data-decision'), 'admit')
      assert.equal(await crossing.getAttribute('data-referred'), 'true')
      assert.match(await crossing.locator(byTestId('history-decision')).innerText(), /准予通行/)
      supervisor.assertClean()
    } finally {
      await supervisor.context.close()
    }

    // --- the audit trail ---
    const auditor = await openPage(browser)
    try {
      const { page } = auditor
      await login(page, 'auditor')
      await page.locator(byTestId('nav-audit')).click()
      const table = page.locator(byTestId('audit-table'))
      for (const [action, user] of [
        ['inspection.create', 'officer'],
        ['secondary.take', 'secondary'],
      ]) {
        await page.locator(byTestId('audit-filter-action')).fill(action)
        await page.locator(byTestId('audit-search')).click()
        await page.waitForFunction(
          ([sel, a, u]) =>
            [...document.querySelectorAll(`${sel} .el-table__body .el-table__row`)].some((tr) => {
              const td = tr.querySelectorAll('td')
              return td[2]?.innerText.trim() === u && td[3]?.innerText.includes(a)
            }),
          [byTestId('audit-table'), action, user],
        )
      }
      assert.ok((await table.locator('.el-table__body .el-table__row').count()) >= 1)
      auditor.assertClean()
    } finally {
      await auditor.context.close()
    }
  })

  it('the port overview counts the day at Ruili; overstays and alerts load', async () => {
    // Runs after the flow above, which recorded one crossing at Ruili today.
    const { page, context, assertClean } = await openPage(browser)
    try {
      await login(page, 'command')
      await page.locator(byTestId('nav-portOverview')).click()
      await page.locator(byTestId('overview-totals')).waitFor()
      await page.locator(`${byTestId('port-overview')} .el-select`).first().click()
      await page.locator('.el-select-dropdown__item', { hasText: /瑞丽/ }).first().click()
      const row = page.locator(byTestId('overview-row'), { hasText: 'E2E1' })
      await row.waitFor()
      const crossings = Number((await page.locator(`${byTestId('overview-crossings')} .card-value`).innerText()).trim())
      assert.ok(crossings >= 1, `crossings today at Ruili: ${crossings}`)
      assert.match(await page.locator(`${byTestId('overview-referral')} .card-value`).innerText(), /%$/)
      await page.locator(byTestId('alerts')).waitFor()
      assertClean()
    } finally {
      await context.close()
    }
    const officer = await openPage(browser)
    try {
      await login(officer.page, 'officer')
      await officer.page.locator(byTestId('nav-overstays')).click()
      await officer.page.locator(byTestId('overstays')).locator('h3').first().waitFor()
      officer.assertClean()
    } finally {
      await officer.context.close()
    }
  })

  it('the desk fits 1366x768 without a horizontal scrollbar', async () => {
    const { page, context, assertClean } = await openPage(browser)
    try {
      await page.setViewportSize({ width: 1366, height: 768 })
      await login(page, 'officer')
      await openDesk(page, 'E2E2')
      const noHorizontalScroll = () =>
        page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)
      assert.ok(await noHorizontalScroll(), 'desk without a traveller')
      await scan(page, td3(vietnamese((Date.now() + 4242) % 10_000_000)))
      await page.locator(byTestId('risk-banner')).waitFor()
      await page.locator(byTestId('decision-panel')).waitFor()
      assert.ok(await noHorizontalScroll(), 'desk with an inspection shown')
      const width = await page.evaluate(() => document.documentElement.scrollWidth)
      assert.ok(width <= 1366, `page width ${width}`)
      assertClean()
    } finally {
      await context.close()
    }
  })
})
