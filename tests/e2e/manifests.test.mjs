// Advance information in the browser: a real published PAXLST (WCO/IATA/ICAO
// implementation guide example 5.1) is sent through the API and its risk
// list opens; the arrivals board shows the demo conveyances expected today
// with their high-risk counts; the analyst opens the flight's manifest, sees
// the ICAO specimen person first in red with the reasons, and marks her. A
// ship's crew list with its declaration (ports of call, health answers) shows
// the ports, the declared symptoms with notify_health suggested, and the
// analyst clears a hit as not the same person.

import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { after, before, describe, it } from 'node:test'

import { byTestId, launch, login, openPage } from './helpers.mjs'

const SAMPLE = readFileSync(
  new URL('../data/paxlst/wco_ig_ex51_single_sector_passenger_d15b.edi', import.meta.url),
  'utf8',
)

let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

describe('advance information', () => {
  it('receives a real PAXLST through the API and shows its risk list', async () => {
    const { page, context, assertClean } = await openPage(browser)
    try {
      await login(page, 'analyst')
      const result = await page.evaluate(async (text) => {
        const me = await (await fetch('/api/v1/auth/me')).json()
        const units = (await (await fetch('/api/v1/units')).json()).units
        const port = units.find((u) => u.code === 'YN-KM-AIR').id
        const r = await fetch(`/api/v1/manifests?port_unit_id=${port}`, {
          method: 'POST',
          headers: { 'Content-Type': 'text/plain', 'X-CSRF-Token': me.csrf_token },
          body: text,
        })
        return { status: r.status, body: await r.json() }
      }, SAMPLE)
      assert.equal(result.status, 201, JSON.stringify(result.body))
      assert.equal(result.body.manifests.length, 1)
      assert.equal(result.body.acknowledgement_action, '7')
      const id = result.body.manifests[0].id
      await page.goto(`/manifests/${id}`)
      await page.locator(byTestId('risk-list')).waitFor()
      assert.ok((await page.locator(byTestId('risk-person')).count()) >= 1)
      assertClean()
    } finally {
      await context.close()
    }
  })

  it('the board shows today\'s conveyances; the analyst opens one and marks a person', async () => {
    const { page, context, assertClean } = await openPage(browser)
    try {
      await login(page, 'analyst')
      await page.locator(byTestId('nav-arrivals')).click()
      await page.locator(byTestId('arrivals-table')).waitFor()
      const row = page.locator(byTestId('arrival-row')).filter({ hasText: 'MU5032' })
      await row.waitFor()
      assert.equal((await row.locator(byTestId('arrival-red')).innerText()).trim(), '1')
      await row.locator(byTestId('arrival-open')).click()
      await page.locator(byTestId('risk-list')).waitFor()
      const first = page.locator(byTestId('risk-person')).first()
      assert.equal(await first.getAttribute('data-level'), 'red')
      assert.match(await first.innerText(), /ERIKSSON/)
      // The hit names the list it came from.
      assert.match(await first.innerText(), /全国在逃人员名单/)
      await first.locator(byTestId('mark-meet_at_gate')).click()
      await page.waitForFunction(
        () =>
          document
            .querySelector('[data-testid="risk-person"] [data-testid="mark-meet_at_gate"]')
            ?.classList.contains('el-button--primary'),
      )
      // The mark is stored: it is there after a reload.
      await page.reload()
      await page.locator(byTestId('risk-list')).waitFor()
      const again = page.locator(byTestId('risk-person')).first().locator(byTestId('mark-meet_at_gate'))
      await again.waitFor()
      assert.match((await again.getAttribute('class')) ?? '', /el-button--primary/)
      assertClean()
    } finally {
      await context.close()
    }
  })

  it('shows a ship declaration, suggests notify health and clears a hit as not the same person', async () => {
    const { page, context, assertClean } = await openPage(browser)
    try {
      await login(page, 'analyst')
      const transport = `COSCO ${Date.now() % 100000}`
      const result = await page.evaluate(async (transport) => {
        const me = await (await fetch('/api/v1/auth/me')).json()
        const units = (await (await fetch('/api/v1/units')).json()).units
        const port = units.find((u) => u.code === 'YN-KM-AIR').id
        const body = {
          transport_id: transport,
          conveyance: 'sea',
          list_type: 'crew',
          arrival: { location: 'CNSHA', datetime: new Date(Date.now() + 6 * 3600e3).toISOString() },
          ports_of_call: [
            { port: 'SGSIN', arrived: '2026-11-16', departed: '2026-11-18' },
            { port: 'VNSGN', country: 'VNM', arrived: '2026-11-10', departed: '2026-11-12' },
          ],
          persons: [
            {
              surname: 'REYES', given_names: 'ANA', role: 'crew', nationality: 'PHL', birth_date: '1985-12-24',
              documents: [{ type: 'P', number: 'P7654321B', issuing_state: 'PHL' }],
              health: { answers: { fever: true, cough: false }, temperature: 38.4 },
            },
            {
              surname: 'ERIKSSON', given_names: 'ANNA MARIA', role: 'crew', sex: 'F', nationality: 'UTO',
              birth_date: '1974-08-12', documents: [{ type: 'P', number: 'L898902C3', issuing_state: 'UTO' }],
              health: { answers: { fever: false } },
            },
          ],
        }
        const r = await fetch(`/api/v1/manifests?port_unit_id=${port}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token },
          body: JSON.stringify(body),
        })
        return { status: r.status, body: await r.json() }
      }, transport)
      assert.equal(result.status, 201, JSON.stringify(result.body))
      const id = result.body.manifests[0].id
      await page.goto(`/manifests/${id}`)
      await page.locator(byTestId('risk-list')).waitFor()
      const ports = page.locator(byTestId('port-of-call'))
      assert.equal(await ports.count(), 2)
      assert.match(await ports.first().innerText(), /SGSIN/)
      assert.match(await ports.nth(1).innerText(), /VNM/)

      const reyes = page.locator(byTestId('risk-person')).filter({ hasText: 'REYES' })
      assert.equal(await reyes.getAttribute('data-level'), 'yellow')
      assert.match(await reyes.locator(byTestId('health')).innerText(), /发热/)
      assert.match(await reyes.locator(byTestId('health')).innerText(), /38\.4/)
      assert.match(await reyes.innerText(), /海事健康申明/)
      // Suggested, not set: the analyst decides.
      const notify = reyes.locator(byTestId('mark-notify_health'))
      assert.equal(await notify.getAttribute('data-suggested'), 'true')
      assert.doesNotMatch((await notify.getAttribute('class')) ?? '', /el-button--primary/)

      const eriksson = page.locator(byTestId('risk-person')).filter({ hasText: 'ERIKSSON' })
      assert.equal(await eriksson.getAttribute('data-level'), 'red')
      await eriksson.locator(byTestId('clear-hit')).first().click()
      const box = page.locator('.el-message-box')
      await box.waitFor()
      await box.locator('input').fill('born in another town, carrier confirmed the passport')
      await box.locator('.el-button--primary').click()
      await page.waitForFunction(() =>
        [...document.querySelectorAll('[data-testid="risk-person"]')].some(
          (row) =>
            row.textContent.includes('ERIKSSON') &&
            row.querySelector('[data-testid="person-hit"]')?.getAttribute('data-status') === 'cleared_before',
        ),
      )
      // Remembered: still cleared after a reload, and she is no longer red.
      await page.reload()
      await page.locator(byTestId('risk-list')).waitFor()
      const again = page.locator(byTestId('risk-person')).filter({ hasText: 'ERIKSSON' })
      assert.notEqual(await again.getAttribute('data-level'), 'red')
      assert.equal(await again.locator(byTestId('person-hit')).first().getAttribute('data-status'), 'cleared_before')
      assertClean()
    } finally {
      await context.close()
    }
  })
})
