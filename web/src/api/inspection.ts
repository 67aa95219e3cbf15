// Shapes and calls of port inspection (/api/v1: desk, inspections, secondary,
// traveller history, overstays, port overview, refusal reasons, alerts).
// Keep in step with src/http/api_inspection.cpp (ViewJson, HitJson, ...).

import { api } from './client'
import type { MrzDocument } from './types'

export type Direction = 'entry' | 'exit'
export type Conveyance = 'air' | 'sea' | 'land' | 'rail'
export type RiskLevel = 'green' | 'yellow' | 'red'
export type Decision = 'admit' | 'refer' | 'refuse' | 'hand_over'
export type Outcome = 'admit' | 'refuse' | 'hand_over'

export interface DeskSession {
  id: number
  unit_id: number
  desk: string
  direction: Direction
  conveyance: Conveyance
  opened_at: string
}

export interface TravellerSummary {
  id: number
  unit_id: number
  surname: string
  given_names: string
  nationality: string
  birth_date: string
  sex: string
  document_type: string
  document_number: string
  issuing_state: string
}

/** A reason in both languages (risk reasons, referral reasons). */
export interface Reason {
  en: string
  zh: string
}

export interface Crossing {
  id: number
  time: string
  traveller_id: number
  inspection_id: number
  unit_id: number
  desk: string
  direction: Direction
  conveyance: string
  carrier: string
  document_number: string
  issuing_state: string
  nationality: string
  officer_id: number
  decision: string
  refusal_code: string
  risk_level: RiskLevel | string
  reasons: Reason[] | null
  referred: boolean
  permitted_stay_days: number | null
  overstay_days: number | null
  durations: Record<string, number> | null
}

/** One line of a hit's explanation: which factor matched how. */
export interface HitExplanation {
  factor: string
  query_value: string
  entry_value: string
  rule: string
  effect: string
  text_en: string
  text_zh: string
}

export type HitStatus = 'open' | 'same_person' | 'not_same_person' | 'cleared_before' | string

export interface InspectionHit {
  id: number
  inspection_id: number
  list_id: number
  list_code: string
  list_name: string
  list_kind: string
  action: string
  entry_id: string
  matched_name: string
  score: number
  explanation: HitExplanation[] | null
  status: HitStatus
  reason: string
  adjudicated_by: number | null
  adjudicated_at: string | null
}

export interface Question {
  key: string
  text_zh: string
  text_en: string
  source: string
}

export interface Risk {
  level: RiskLevel
  points: number
  reasons: Reason[]
  fired: unknown[]
  questions: Question[]
  actions: string[]
}

export interface InspectedDocument {
  type: string
  issuing_state: string
  document_number: string
  surname: string
  given_names: string
  nationality: string
  birth_date: string
  sex: string
  expiry_date: string
  source: 'mrz' | 'manual'
  mrz_valid: boolean
  expired: boolean
  expiring: boolean
  under_18: boolean
  problems_en: string[]
  problems_zh: string[]
  days_to_expiry: number | null
  age: number | null
}

export interface Inspection {
  id: number
  session_id: number
  unit_id: number
  officer_id: number
  traveller_id: number
  direction: Direction
  conveyance: string
  desk: string
  carrier: string
  document: InspectedDocument | null
  risk_level: RiskLevel
  risk: Risk | null
  state: 'open' | 'referred' | 'completed' | string
  decision: string
  refusal_code: string
  answers: Record<string, string> | null
  note: string
  started_at: string
  decided_at: string | null
  permitted_stay_days: number | null
  overstay_days: number | null
}

export interface SecondaryCase {
  id: number
  inspection_id: number
  unit_id: number
  referred_at: string
  referred_by: number
  reasons: Reason[] | null
  state: 'queued' | 'in_progress' | 'completed' | string
  officer_id: number | null
  taken_at: string | null
  notes: string
  checks: string[] | null
  findings: string
  outcome: string
  refusal_code: string
  completed_at: string | null
}

export interface InspectionView {
  inspection: Inspection
  traveller: TravellerSummary
  hits: InspectionHit[]
  possible_same_persons: TravellerSummary[]
  previous_crossings: Crossing[]
  questions: Question[]
  secondary: SecondaryCase | null
  mrz: MrzDocument | null
}

export interface ManualDocument {
  document_type: string
  issuing_state: string
  document_number: string
  surname: string
  given_names: string
  nationality: string
  birth_date: string
  sex: string
  expiry_date: string
}

export interface HealthDeclaration {
  symptoms: string[]
  temperature?: number | null
  contact_with_case: boolean
}

export interface InspectRequest {
  session_id: number
  mrz?: string
  manual?: ManualDocument
  carrier?: string
  health?: HealthDeclaration
  visa_stay_days?: number
  planned_stay_days?: number
  read_ms?: number
}

export interface QueueItem {
  case: SecondaryCase
  inspection: {
    id: number
    unit_id: number
    desk: string
    direction: Direction
    risk_level: RiskLevel
    nationality: string
    document_number: string
  }
  traveller_name: string
  waiting_seconds: number
}

export interface TravellerHistory {
  traveller: TravellerSummary
  crossings: Crossing[]
  hits: InspectionHit[]
}

export interface OverstayReport {
  current: { entry: Crossing; traveller: TravellerSummary; permitted_until: string; days_over: number }[]
  exits_after_overstay: Crossing[]
  by_nationality: Record<string, number>
  by_port: Record<string, number>
}

export interface OverviewRow {
  desk: string
  hour: string
  crossings: number
  referrals: number
  refusals: number
  mean_processing_seconds: number
}

export interface PortOverview {
  unit_id: number
  from: string
  to: string
  crossings: number
  referral_rate: number
  refusal_rate: number
  mean_processing_seconds: number
  mean_secondary_wait_seconds: number
  secondary_waiting_now: number
  rows: OverviewRow[]
}

export interface RefusalReason {
  code: string
  text_zh: string
  text_en: string
  active: boolean
}

export interface Alert {
  id: number
  unit_id: number
  time: string
  kind: string
  severity: string
  inspection_id: number | null
  summary_en: string
  summary_zh: string
  state: string
  acknowledged_by: number | null
  acknowledged_at: string | null
}

export const desk = {
  open: async (body: { port_unit_id: number; desk: string; direction: Direction; conveyance: Conveyance }) =>
    (await api.post<{ session: DeskSession }>('/desk/sessions', body)).session,
  close: (id: number) => api.post<{ closed: boolean }>(`/desk/sessions/${id}/close`),
}

export const inspections = {
  create: (body: InspectRequest) => api.post<InspectionView>('/inspections', body),
  get: (id: number) => api.get<InspectionView>(`/inspections/${id}`),
  adjudicate: async (id: number, hitId: number, samePerson: boolean, reason: string) =>
    (
      await api.post<{ hit: InspectionHit }>(`/inspections/${id}/hits/${hitId}/adjudicate`, {
        same_person: samePerson,
        reason,
      })
    ).hit,
  decide: (
    id: number,
    body: { decision: Decision; answers: Record<string, string>; refusal_code?: string; note?: string },
  ) => api.post<InspectionView>(`/inspections/${id}/decision`, body),
}

export const secondary = {
  queue: async (portUnitId?: number) =>
    (await api.get<{ queue: QueueItem[] }>('/secondary', { port_unit_id: portUnitId })).queue,
  take: (id: number) => api.post<InspectionView>(`/secondary/${id}/take`),
  complete: (
    id: number,
    body: { notes: string; checks: string[]; findings: string; outcome: Outcome; refusal_code?: string },
  ) => api.post<InspectionView>(`/secondary/${id}/complete`, body),
}

export const travellerHistory = (id: number, purpose: string) =>
  api.get<TravellerHistory>(`/travellers/${id}/history`, { purpose })

export const overstays = () => api.get<OverstayReport>('/overstays')

export const portOverview = (unitId: number, from: string, to: string) =>
  api.get<PortOverview>(`/ports/${unitId}/overview`, { from, to })

export const refusalReasons = async () =>
  (await api.get<{ refusal_reasons: RefusalReason[] }>('/refusal-reasons')).refusal_reasons

export const alerts = {
  list: async (state?: string) => (await api.get<{ alerts: Alert[] }>('/alerts', { state })).alerts,
  acknowledge: (id: number) => api.post<{ id: number }>(`/alerts/${id}/acknowledge`),
}
