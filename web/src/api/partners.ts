// Typed wrappers of the partner-agency endpoints (docs/openapi.yaml:
// /partner-agencies, /partner-endpoints, /partner-subscriptions,
// /partner-notifications, /partner-deliveries).

import { api, request } from './client'

export type AgencyKind = 'customs' | 'health' | 'other'
export type NotificationState = 'pending' | 'delivered' | 'dead'
export type DeliveryOutcome = 'delivered' | 'retry' | 'dead'

export interface PartnerEndpoint {
  id: number
  agency_id: number
  url: string
  secret_hint: string
  active: boolean
  created_at: string
  /** Only in the answer that made (or rotated) it. */
  secret?: string
}

export interface PartnerSubscription {
  id: number
  agency_id: number
  kind: string
  port_unit_id: number | null
  created_at: string
}

export interface PartnerAgency {
  id: number
  code: string
  name: string
  name_en: string
  kind: AgencyKind
  system_user_id: number | null
  active: boolean
  created_at: string
  updated_at: string
  endpoints: PartnerEndpoint[]
  subscriptions: PartnerSubscription[]
}

export interface AgencyBody {
  code?: string
  name: string
  name_en: string
  kind: AgencyKind
  system_user_id?: number | null
  active?: boolean
}

export interface PartnerNotification {
  id: number
  created_at: string
  agency_id: number
  endpoint_id: number | null
  kind: string
  port_unit_id: number
  subject_ref: string
  payload: unknown
  idempotency_key: string
  state: NotificationState
  attempts: number
  next_attempt_at: string
  last_error: string
  delivered_at: string | null
  acked_at: string | null
}

export interface PartnerDelivery {
  id: number
  notification_id: number
  agency_id: number
  endpoint_id: number
  port_unit_id: number
  attempt: number
  at: string
  status_code: number
  error: string
  duration_ms: number
  outcome: DeliveryOutcome
}

export interface DeliveryFilter {
  agency_id?: number
  notification_id?: number
  outcome?: DeliveryOutcome
  before_id?: number
  limit?: number
}

export const partners = {
  list: async () => (await api.get<{ agencies: PartnerAgency[] }>('/partner-agencies')).agencies,
  create: async (body: AgencyBody) =>
    (await api.post<{ agency: PartnerAgency }>('/partner-agencies', body)).agency,
  update: async (id: number, body: AgencyBody) =>
    (await request<{ agency: PartnerAgency }>('PUT', `/partner-agencies/${id}`, { body })).agency,
  addEndpoint: async (agencyId: number, body: { url: string; secret?: string; active?: boolean }) =>
    (await api.post<{ endpoint: PartnerEndpoint }>(`/partner-agencies/${agencyId}/endpoints`, body)).endpoint,
  updateEndpoint: async (id: number, body: { url: string; active: boolean; rotate_secret?: boolean }) =>
    (await request<{ endpoint: PartnerEndpoint }>('PUT', `/partner-endpoints/${id}`, { body })).endpoint,
  ping: (agencyId: number) => api.post<{ queued: number }>(`/partner-agencies/${agencyId}/ping`),
  subscribe: async (agencyId: number, body: { kind: string; port_unit_id?: number | null }) =>
    (await api.post<{ subscription: PartnerSubscription }>(`/partner-agencies/${agencyId}/subscriptions`, body))
      .subscription,
  unsubscribe: (id: number) => request<{ deleted: boolean }>('DELETE', `/partner-subscriptions/${id}`),
  notifications: async (query: { state?: NotificationState; agency_id?: number; limit?: number }) =>
    (await api.get<{ notifications: PartnerNotification[] }>('/partner-notifications', { ...query })).notifications,
  requeue: async (id: number) =>
    (await api.post<{ notification: PartnerNotification }>(`/partner-notifications/${id}/requeue`)).notification,
  deliveries: async (filter: DeliveryFilter) =>
    (await api.get<{ deliveries: PartnerDelivery[] }>('/partner-deliveries', { ...filter })).deliveries,
}
