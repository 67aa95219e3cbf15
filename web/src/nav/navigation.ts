// Which parts of the UI a user may see, by role.
//
// A user may hold several roles; a section is shown when any of them is
// allowed. This is UI convenience only: the server authorizes every call.

import type { Role } from '../api/types'

export type SectionKey =
  | 'home'
  | 'desk'
  | 'secondary'
  | 'documents'
  | 'travellers'
  | 'screening'
  | 'watchlists'
  | 'overstays'
  | 'portOverview'
  | 'audit'
  | 'rules'
  | 'arrivals'
  | 'partners'
  | 'admin'

export interface NavSection {
  key: SectionKey
  path: string
  /** vue-i18n key of the menu label. */
  labelKey: string
  /** Roles that may open the section; null means every signed-in user. */
  roles: readonly Role[] | null
}

export const NAV_SECTIONS: readonly NavSection[] = [
  { key: 'home', path: '/', labelKey: 'nav.home', roles: null },
  // Port inspection: the roles the routes in src/http/api_inspection.cpp allow.
  // POST /desk/sessions, /inspections: officers.
  { key: 'desk', path: '/desk', labelKey: 'inspection.nav.desk', roles: ['officer'] },
  // GET /secondary: secondary officers (who take cases) and supervisors (read only).
  {
    key: 'secondary',
    path: '/secondary',
    labelKey: 'inspection.nav.secondary',
    roles: ['secondary_officer', 'supervisor'],
  },
  {
    key: 'documents',
    path: '/documents',
    labelKey: 'nav.documents',
    // The roles POST /documents/mrz allows.
    roles: ['officer', 'secondary_officer', 'analyst', 'investigator', 'supervisor'],
  },
  {
    key: 'travellers',
    path: '/travellers',
    labelKey: 'nav.travellers',
    roles: ['officer', 'secondary_officer', 'analyst', 'investigator', 'supervisor'],
  },
  {
    key: 'screening',
    path: '/screening',
    labelKey: 'screeningNav.screening',
    // The roles POST /screen allows.
    roles: ['officer', 'secondary_officer', 'analyst', 'investigator', 'supervisor'],
  },
  // The roles the /watchlists routes allow.
  { key: 'watchlists', path: '/watchlists', labelKey: 'screeningNav.watchlists', roles: ['analyst', 'admin'] },
  // GET /overstays.
  {
    key: 'overstays',
    path: '/overstays',
    labelKey: 'inspection.nav.overstays',
    roles: ['officer', 'analyst', 'supervisor'],
  },
  // GET /ports/{id}/overview (and the alerts panel: GET /alerts).
  {
    key: 'portOverview',
    path: '/port-overview',
    labelKey: 'inspection.nav.portOverview',
    roles: ['supervisor', 'command'],
  },
  {
    key: 'rules',
    path: '/rules',
    labelKey: 'nav.rules',
    // The roles GET /rules allows (analysts write, supervisors approve).
    roles: ['analyst', 'supervisor'],
  },
  // GET /manifests (the board); the manifest page (GET /manifests/{id}) drops command.
  {
    key: 'arrivals',
    path: '/arrivals',
    labelKey: 'manifestsNav.arrivals',
    roles: ['analyst', 'officer', 'secondary_officer', 'supervisor', 'command'],
  },
  // GET /partner-notifications and /partner-deliveries (configuration: admin only).
  { key: 'partners', path: '/partners', labelKey: 'partnersNav.partners', roles: ['admin', 'analyst'] },
  { key: 'audit', path: '/audit', labelKey: 'nav.audit', roles: ['auditor'] },
  { key: 'admin', path: '/admin', labelKey: 'nav.admin', roles: ['admin'] },
]

export function findSection(key: SectionKey): NavSection {
  const section = NAV_SECTIONS.find((s) => s.key === key)
  if (!section) throw new Error('unknown section ' + key)
  return section
}

/** True when a user holding `roles` may open the section `key`. */
export function canAccess(key: SectionKey, roles: readonly string[]): boolean {
  const section = findSection(key)
  if (section.roles === null) return true
  return section.roles.some((r) => roles.includes(r))
}

/** The sections to show in the menu, in menu order. */
export function visibleSections(roles: readonly string[]): NavSection[] {
  return NAV_SECTIONS.filter((s) => canAccess(s.key, roles))
}

/**
 * Where to go after login: the path the user asked for, if it is a local
 * path (no scheme, no protocol-relative "//host"), otherwise home.
 */
export function safeRedirect(target: unknown): string {
  if (typeof target !== 'string') return '/'
  if (!target.startsWith('/') || target.startsWith('//') || target.startsWith('/\\')) return '/'
  if (target.startsWith('/login')) return '/'
  return target
}
