// Formatting and error-text helpers shared by the views.

import { ApiError } from '../api/client'

type Translate = (key: string, named?: Record<string, unknown>) => string

/** "2026-11-23T10:00:00Z" → local "2026-11-23 18:00:00"; bad input returned as is. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const pad = (n: number) => String(n).padStart(2, '0')
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
  )
}

/** A Date as the API's ISO 8601 UTC form without milliseconds. */
export function toApiTime(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** A message for an error from an API call, for a toast or an alert. */
export function errorMessage(e: unknown, t: Translate): string {
  if (e instanceof ApiError) {
    if (e.code === 'network_error') return t('common.networkError')
    return e.message
  }
  return e instanceof Error ? e.message : String(e)
}
