import { describe, expect, it } from 'vitest'

import { ALL_ROLES } from '../src/api/types'
import { canAccess, NAV_SECTIONS, safeRedirect, visibleSections } from '../src/nav/navigation'

const keys = (roles: string[]) => visibleSections(roles).map((s) => s.key)

describe('role → navigation', () => {
  it.each([
    ['officer', ['home', 'documents', 'travellers']],
    ['secondary_officer', ['home', 'documents', 'travellers']],
    ['analyst', ['home', 'documents', 'travellers', 'rules']],
    ['investigator', ['home', 'documents', 'travellers']],
    ['supervisor', ['home', 'documents', 'travellers', 'rules']],
    ['command', ['home']],
    ['auditor', ['home', 'audit']],
    ['admin', ['home', 'admin']],
  ])('%s sees %j', (role, expected) => {
    expect(keys([role])).toEqual(expected)
  })

  it('shows a section when any of several roles allows it', () => {
    expect(keys(['auditor', 'admin'])).toEqual(['home', 'audit', 'admin'])
    expect(keys(['command', 'officer'])).toEqual(['home', 'documents', 'travellers'])
    expect(keys([...ALL_ROLES])).toEqual(['home', 'documents', 'travellers', 'rules', 'audit', 'admin'])
  })

  it('shows only home for no roles or unknown roles', () => {
    expect(keys([])).toEqual(['home'])
    expect(keys(['superuser', 'ADMIN'])).toEqual(['home'])
  })

  it('keeps menu order whatever the role order', () => {
    expect(keys(['admin', 'auditor', 'officer'])).toEqual(['home', 'documents', 'travellers', 'audit', 'admin'])
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
