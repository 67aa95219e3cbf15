import { describe, expect, it } from 'vitest'

import { ALL_ROLES } from '../src/api/types'
import { canAccess, NAV_SECTIONS, safeRedirect, visibleSections } from '../src/nav/navigation'

const keys = (roles: string[]) => visibleSections(roles).map((s) => s.key)

describe('role → navigation', () => {
  it.each([
    ['officer', ['home', 'desk', 'documents', 'travellers', 'screening', 'overstays', 'arrivals']],
    ['secondary_officer', ['home', 'secondary', 'documents', 'travellers', 'screening', 'arrivals']],
    ['analyst', ['home', 'documents', 'travellers', 'screening', 'watchlists', 'overstays', 'rules', 'arrivals', 'partners']],
    ['investigator', ['home', 'documents', 'travellers', 'screening']],
    ['supervisor', ['home', 'secondary', 'documents', 'travellers', 'screening', 'overstays', 'portOverview', 'rules', 'arrivals']],
    ['command', ['home', 'portOverview', 'arrivals']],
    ['auditor', ['home', 'audit']],
    ['admin', ['home', 'watchlists', 'partners', 'admin']],
    // A carrier's system only sends lists through the API.
    ['carrier', ['home']],
    ['partner', ['home']],
  ])('%s sees %j', (role, expected) => {
    expect(keys([role])).toEqual(expected)
  })

  it('shows a section when any of several roles allows it', () => {
    expect(keys(['auditor', 'admin'])).toEqual(['home', 'watchlists', 'partners', 'audit', 'admin'])
    expect(keys(['command', 'officer'])).toEqual(['home', 'desk', 'documents', 'travellers', 'screening', 'overstays', 'portOverview', 'arrivals'])
    expect(keys([...ALL_ROLES])).toEqual([
      'home',
      'desk',
      'secondary',
      'documents',
      'travellers',
      'screening',
      'watchlists',
      'overstays',
      'portOverview',
      'rules',
      'arrivals',
      'partners',
      'audit',
      'admin',
    ])
  })

  it('shows only home for no roles or unknown roles', () => {
    expect(keys([])).toEqual(['home'])
    expect(keys(['superuser', 'ADMIN'])).toEqual(['home'])
  })

  it('keeps menu order whatever the role order', () => {
    expect(keys(['admin', 'auditor', 'officer'])).toEqual(['home', 'desk', 'documents', 'travellers', 'screening', 'watchlists', 'overstays', 'arrivals', 'partners', 'audit', 'admin'])
  })

  it('risk rules are for analysts and supervisors (the roles GET /rules allows)', () => {
    for (const role of ALL_ROLES) {
      expect(canAccess('rules', [role]), role).toBe(role === 'analyst' || role === 'supervisor')
    }
  })

  it('canAccess agrees with the visible sections', () => {
    for (const role of ALL_ROLES) {
      const visible = new Set(keys([role]))
      for (const s of NAV_SECTIONS) expect(canAccess(s.key, [role]), `${role} ${s.key}`).toBe(visible.has(s.key))
    }
  })

  it('document check is for the roles that may read an MRZ', () => {
    const allowed = ['officer', 'secondary_officer', 'analyst', 'investigator', 'supervisor']
    for (const role of ALL_ROLES) expect(canAccess('documents', [role]), role).toBe(allowed.includes(role))
  })

  it('port inspection pages follow the roles their API routes allow', () => {
    const allowed: Record<string, string[]> = {
      desk: ['officer'],
      secondary: ['secondary_officer', 'supervisor'],
      overstays: ['officer', 'analyst', 'supervisor'],
      portOverview: ['supervisor', 'command'],
      // GET /manifests (the arrivals board).
      arrivals: ['analyst', 'officer', 'secondary_officer', 'supervisor', 'command'],
    }
    for (const [key, roles] of Object.entries(allowed)) {
      for (const role of ALL_ROLES) {
        expect(canAccess(key as Parameters<typeof canAccess>[0], [role]), `${key} ${role}`).toBe(roles.includes(role))
      }
    }
  })

  it('audit is for auditors only and admin for admins only', () => {
    for (const role of ALL_ROLES) {
      expect(canAccess('audit', [role])).toBe(role === 'auditor')
      expect(canAccess('admin', [role])).toBe(role === 'admin')
    }
  })
})

describe('safeRedirect', () => {
  it('keeps local paths', () => {
    expect(safeRedirect('/audit')).toBe('/audit')
    expect(safeRedirect('/travellers?x=1')).toBe('/travellers?x=1')
  })

  it('refuses other sites, non-strings and the login page', () => {
    expect(safeRedirect('//evil.example/')).toBe('/')
    expect(safeRedirect('/\\evil.example')).toBe('/')
    expect(safeRedirect('https://evil.example/')).toBe('/')
    expect(safeRedirect(undefined)).toBe('/')
    expect(safeRedirect(['/audit'])).toBe('/')
    expect(safeRedirect('/login?redirect=/x')).toBe('/')
  })
})
