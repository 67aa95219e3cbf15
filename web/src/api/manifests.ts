// Typed wrappers of the advance-information endpoints (docs/openapi.yaml:
// /manifests, /manifests/{id}, marks, clearances, reconciliation).

import { api, request } from './client'

export type RiskLevel = 'unscreened' | 'green' | 'yellow' | 'red'
export type Mark = 'meet_at_gate' | 'refer' | 'notify_customs' | 'notify_health'
export const MARKS: readonly Mark[] = ['meet_at_gate', 'refer', 'notify_customs', 'notify_health']

export interface Issue {
  severity: 'error' | 'warning' | 'info'
  segment: number
  tag: string
  element?: number
  component?: number
  code: string
  message: string
}

export interface Manifest {
  id: number
  unit_id: number
  carrier: string
  transport_id: string
  list_type: 'passenger' | 'crew' | 'unknown'
  conveyance: 'air' | 'sea' | 'rail' | 'land'
  scheduled_arrival: string | null
  scheduled_departure: string | null
  departure_location: string
  arrival_location: string
  sender: string
  interchange_ref: string
  message_ref: string
  format: 'paxlst' | 'fal_csv' | 'json'
  verdict: 'valid' | 'valid_with_warnings' | 'invalid'
  issues: Issue[]
  version: number
  received_at: string
  updated_at: string
  source: 'api' | 'inbox'
  screened_at: string | null
  /** Ships: the declared ports of call in the last 30 days. */
  ports_of_call?: PortOfCall[]
}

export interface PortOfCall {
  port: string
  country: string | null
  arrived: string | null
  departed: string | null
}

/** The Maritime Declaration of Health questions, in the order forms show them. */
export const HEALTH_QUESTIONS = [
  'fever',
  'cough',
  'breathing_difficulty',
  'rash',
  'diarrhoea',
  'vomiting',
  'jaundice',
  'bleeding',
  'contact_with_case',
] as const
export type HealthQuestion = (typeof HEALTH_QUESTIONS)[number]

export interface HealthDeclaration {
  answers: Partial<Record<HealthQuestion, boolean>>
  temperature?: number
}

export interface ArrivalRow extends Manifest {
  persons: number
  red: number
  yellow: number
  defective: number
  marked: number
}

export interface Reason {
  en: string
  zh: string
  /** A mark the reason suggests (the analyst decides). */
  suggest?: Mark
}

export interface PersonHit {
  list_id: number
  list_code: string
  list_name: string
  list_kind: string
  action: string
  entry_id: string
  matched_name: string
  score: number
  explanation_en: string[]
  explanation_zh: string[]
  status?: 'open' | 'cleared_before'
  reason?: string
}

export interface MarkRecord {
  mark: Mark
  by: number
  by_name: string
  at: string
}

export interface ManifestPerson {
  id: number
  seq: number
  role: 'passenger' | 'crew' | 'in_transit' | 'unknown'
  role_code: string
  surname: string
  given_names: string
  birth_date: string
  sex: string
  nationality: string
  embarkation: string
  debarkation: string
  documents: { type: string; number: string; issuing_state: string; expiry_date: string | null }[]
  document_number: string
  issuing_state: string
  from_defective_message: boolean
  risk_level: RiskLevel
  points: number
  reasons: Reason[]
  hits: PersonHit[]
  screened_at: string | null
  marks: MarkRecord[]
  health: HealthDeclaration | null
  booking_reference: string
  booking_date: string | null
}

export interface ManifestVersion {
  version: number
  sender: string
  interchange_ref: string
  message_ref: string
  change: boolean
  document_code: string
  verdict: string
  issues: Issue[]
  person_count: number
  received_at: string
  source: string
}

export interface ManifestDetail {
  manifest: Manifest
  persons: ManifestPerson[]
  versions: ManifestVersion[]
  marks: Mark[]
}

export interface CrossingSummary {
  id: number
  time: string
  traveller_id: number
  inspection_id: number
  desk: string
  carrier: string
  document_number: string
  issuing_state: string
  nationality: string
  decision: string
  risk_level: string
}

export interface Reconciliation {
  arrived: boolean
  window: { from: string; to: string }
  crossed: { person: ManifestPerson; crossing: CrossingSummary }[]
  no_shows: ManifestPerson[]
  not_on_list: CrossingSummary[]
}

export const manifests = {
  arrivals: (query: { date?: string; port_unit_id?: number } = {}) =>
    api.get<{ manifests: ArrivalRow[]; from: string; to: string }>('/manifests', query),
  get: (id: number) => api.get<ManifestDetail>(`/manifests/${id}`),
  mark: (id: number, personId: number, mark: Mark, set: boolean) =>
    request<{ person: ManifestPerson }>('POST', `/manifests/${id}/persons/${personId}/marks`, {
      body: { mark, set },
    }),
  clearHit: (id: number, personId: number, listId: number, entryId: string, reason: string) =>
    request<{ person: ManifestPerson }>('POST', `/manifests/${id}/persons/${personId}/clearances`, {
      body: { list_id: listId, entry_id: entryId, reason },
    }),
  reconciliation: (id: number) => api.get<Reconciliation>(`/manifests/${id}/reconciliation`),
}

/** Today's date (UTC) as YYYY-MM-DD, the board's default day. */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10)
}
