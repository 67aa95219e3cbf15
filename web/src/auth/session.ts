// The signed-in user and the CSRF token, in memory.
//
// On a page load the session is recovered with GET /auth/me (the cookie is
// HttpOnly, so only the server can tell whether it is still valid).

import { reactive, readonly } from 'vue'

import { setCsrfToken } from '../api/client'
import { auth } from '../api/endpoints'
import type { User } from '../api/types'

interface SessionState {
  user: User | null
  /** True once /auth/me has answered (with a user or with 401). */
  loaded: boolean
}

const state = reactive<SessionState>({ user: null, loaded: false })

export const session = readonly(state)

let loading: Promise<void> | null = null

/** Asks the server who is signed in; runs once per page load. */
export function loadSession(): Promise<void> {
  if (state.loaded) return Promise.resolve()
  if (!loading) {
    loading = auth
      .me()
      .then((res) => {
        state.user = res.user
        setCsrfToken(res.csrf_token)
      })
      .catch(() => {
        state.user = null
        setCsrfToken(null)
      })
      .finally(() => {
        state.loaded = true
        loading = null
      })
  }
  return loading
}

export async function login(username: string, password: string): Promise<User> {
  const res = await auth.login(username, password)
  state.user = res.user
  state.loaded = true
  setCsrfToken(res.csrf_token)
  return res.user
}

export async function logout(): Promise<void> {
  try {
    await auth.logout()
  } finally {
    clearSession()
  }
}

/** Forgets the user locally (after logout or a 401). */
export function clearSession(): void {
  state.user = null
  state.loaded = true
  setCsrfToken(null)
}
