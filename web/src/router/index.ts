// Routes and the sign-in guard. Role checks are not done here: MainLayout
// shows the "no permission" page in place of a section the user's roles do
// not allow, keeping the address the user asked for.

import { createRouter, createWebHistory, type RouteLocationNormalized } from 'vue-router'

import { loadSession, session } from '../auth/session'
import { safeRedirect, type SectionKey } from '../nav/navigation'
import LoginView from '../views/LoginView.vue'
import MainLayout from '../layouts/MainLayout.vue'
import HomeView from '../views/HomeView.vue'

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without signing in. */
    public?: boolean
    /** The navigation section the route belongs to (drives role checks). */
    section?: SectionKey
    /** vue-i18n key for the document title. */
    titleKey?: string
  }
}

export const router = createRouter({
  history: createWebHistory('/'),
  routes: [
    {
      path: '/login',
      name: 'login',
      component: LoginView,
      meta: { public: true, titleKey: 'login.title' },
    },
    {
      path: '/',
      component: MainLayout,
      children: [
        {
          path: '',
          name: 'home',
          component: HomeView,
          meta: { section: 'home', titleKey: 'nav.home' },
        },
        {
          path: 'desk',
          name: 'desk',
          component: () => import('../views/DeskView.vue'),
          meta: { section: 'desk', titleKey: 'inspection.nav.desk' },
        },
        {
          path: 'secondary',
          name: 'secondary',
          component: () => import('../views/SecondaryView.vue'),
          meta: { section: 'secondary', titleKey: 'inspection.nav.secondary' },
        },
        {
          path: 'overstays',
          name: 'overstays',
          component: () => import('../views/OverstaysView.vue'),
          meta: { section: 'overstays', titleKey: 'inspection.nav.overstays' },
        },
        {
          path: 'port-overview',
          name: 'port-overview',
          component: () => import('../views/PortOverviewView.vue'),
          meta: { section: 'portOverview', titleKey: 'inspection.nav.portOverview' },
        },
        {
          path: 'arrivals',
          name: 'arrivals',
          component: () => import('../views/ArrivalsView.vue'),
          meta: { section: 'arrivals', titleKey: 'manifestsNav.arrivals' },
        },
        {
          path: 'manifests/:id',
          name: 'manifest',
          component: () => import('../views/ManifestView.vue'),
          meta: { section: 'arrivals', titleKey: 'manifestsNav.arrivals' },
        },
        {
          path: 'documents',
          name: 'documents',
          component: () => import('../views/DocumentsView.vue'),
          meta: { section: 'documents', titleKey: 'nav.documents' },
        },
        {
          path: 'travellers',
          name: 'travellers',
          component: () => import('../views/TravellersView.vue'),
          meta: { section: 'travellers', titleKey: 'nav.travellers' },
        },
        {
          path: 'partners',
          name: 'partners',
          component: () => import('../views/PartnersView.vue'),
          meta: { section: 'partners', titleKey: 'partnersNav.partners' },
        },
        {
          path: 'screening',
          name: 'screening',
          component: () => import('../views/ScreeningView.vue'),
          meta: { section: 'screening', titleKey: 'screeningNav.screening' },
        },
        {
          path: 'watchlists',
          name: 'watchlists',
          component: () => import('../views/WatchlistsView.vue'),
          meta: { section: 'watchlists', titleKey: 'screeningNav.watchlists' },
        },
        {
          path: 'rules',
          name: 'rules',
          component: () => import('../views/rules/RulesView.vue'),
          meta: { section: 'rules', titleKey: 'nav.rules' },
        },
        {
          path: 'audit',
          name: 'audit',
          component: () => import('../views/AuditView.vue'),
          meta: { section: 'audit', titleKey: 'nav.audit' },
        },
        {
          path: 'admin',
          name: 'admin',
          component: () => import('../views/admin/AdminView.vue'),
          meta: { section: 'admin', titleKey: 'nav.admin' },
        },
        {
          path: ':pathMatch(.*)*',
          name: 'not-found',
          component: () => import('../views/NotFoundView.vue'),
          meta: { titleKey: 'notFound.title' },
        },
      ],
    },
  ],
})

router.beforeEach(async (to: RouteLocationNormalized) => {
  await loadSession()
  if (to.meta.public) {
    if (to.name === 'login' && session.user) return safeRedirect(to.query.redirect)
    return true
  }
  if (!session.user) {
    return { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } }
  }
  return true
})

/** Sends the user to the login page, remembering where they were. */
export function goToLogin(): void {
  const current = router.currentRoute.value
  if (current.name === 'login') return
  const query = current.fullPath === '/' ? {} : { redirect: current.fullPath }
  void router.push({ name: 'login', query })
}
