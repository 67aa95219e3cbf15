// The one place that talks HTTP to the guomen server.
//
// - Same-origin fetch with the session cookie (HttpOnly, set by the server).
// - Every state-changing request carries X-CSRF-Token with the token from
//   /auth/login or /auth/me, kept in memory only (never in storage).
// - Errors come back as ApiError, built from the {"error":{...}} body.
// - A 401 on any call except the session calls themselves is reported to
//   the handler installed with setUnauthorizedHandler (the app sends the
//   user to /login).

import type { ErrorBody } from './types'

export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly field: string | undefined
  /** Seconds to wait before retrying (429 only). */
  readonly retryAfter: number | undefined

  constructor(status: number, code: string, message: string, field?: string, retryAfter?: number) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.field = field
    this.retryAfter = retryAfter
  }
}

export type QueryValue = string | number | boolean | null | undefined

export interface RequestOptions {
  query?: Record<string, QueryValue>
  body?: unknown
  /** Do not call the unauthorized handler on 401 (login, session probe). */
  allowUnauthorized?: boolean
}

const API_PREFIX = '/api/v1'

let csrfToken: string | null = null
let unauthorizedHandler: (() => void) | null = null
let acceptLanguage = 'zh-CN'

export function setCsrfToken(token: string | null): void {
  csrfToken = token
}

export function setUnauthorizedHandler(handler: (() => void) | null): void {
  unauthorizedHandler = handler
}

export function setAcceptLanguage(lang: string): void {
  acceptLanguage = lang
}

/** Builds "/api/v1/path?k=v" leaving out empty query values. */
export function buildUrl(path: string, query?: Record<string, QueryValue>): string {
  let url = API_PREFIX + path
  if (query) {
    const params = new URLSearchParams()
    for (const [key, value] of Object.entries(query)) {
      if (value === undefined || value === null || value === '') continue
      params.append(key, String(value))
    }
    const qs = params.toString()
    if (qs) url += '?' + qs
  }
  return url
}

/** Turns a failed response into an ApiError, tolerating non-JSON bodies. */
export async function toApiError(response: Response): Promise<ApiError> {
  let code = 'http_' + response.status
  let message = response.statusText || 'HTTP ' + response.status
  let field: string | undefined
  let retryAfter: number | undefined
  try {
    const body = (await response.json()) as Partial<ErrorBody>
    if (body && body.error) {
      code = body.error.code || code
      message = body.error.message || message
      field = body.error.field || undefined
      if (typeof body.error.retry_after === 'number') retryAfter = body.error.retry_after
    }
  } catch {
    // Not JSON: keep the status line.
  }
  if (retryAfter === undefined) {
    const header = response.headers.get('Retry-After')
    if (header && /^\d+$/.test(header.trim())) retryAfter = Number(header.trim())
  }
  return new ApiError(response.status, code, message, field, retryAfter)
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': acceptLanguage,
  }
  const init: RequestInit = { method, headers, credentials: 'same-origin' }
  if (method !== 'GET' && method !== 'HEAD') {
    if (csrfToken) headers['X-CSRF-Token'] = csrfToken
    if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json'
      init.body = JSON.stringify(options.body)
    }
  }
  let response: Response
  try {
    response = await fetch(buildUrl(path, options.query), init)
  } catch (e) {
    throw new ApiError(0, 'network_error', e instanceof Error ? e.message : String(e))
  }
  if (!response.ok) {
    const error = await toApiError(response)
    if (response.status === 401 && !options.allowUnauthorized && unauthorizedHandler) {
      unauthorizedHandler()
    }
    throw error
  }
  if (response.status === 204) return undefined as T
  const text = await response.text()
  return (text ? JSON.parse(text) : undefined) as T
}

export const api = {
  get: <T>(path: string, query?: Record<string, QueryValue>) => request<T>('GET', path, { query }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body }),
}
