// Typed wrappers for the endpoints the UI calls.

import { api, request } from './client'
import type {
  AuditPage,
  AuditQuery,
  AuditVerification,
  MrzDocument,
  NewUnit,
  NewUser,
  SessionResponse,
  Traveller,
  Unit,
  User,
} from './types'

export const auth = {
  login: (username: string, password: string) =>
    request<SessionResponse>('POST', '/auth/login', {
      body: { username, password },
      allowUnauthorized: true,
    }),
  logout: () => request<void>('POST', '/auth/logout', { allowUnauthorized: true }),
  me: () => request<SessionResponse>('GET', '/auth/me', { allowUnauthorized: true }),
}

export const units = {
  list: async () => (await api.get<{ units: Unit[] }>('/units')).units,
  create: async (unit: NewUnit) => (await api.post<{ unit: Unit }>('/units', unit)).unit,
}

export const users = {
  list: async () => (await api.get<{ users: User[] }>('/users')).users,
  create: async (user: NewUser) => (await api.post<{ user: User }>('/users', user)).user,
  disable: async (id: number) => (await api.post<{ user: User }>(`/users/${id}/disable`)).user,
  enable: async (id: number) => (await api.post<{ user: User }>(`/users/${id}/enable`)).user,
  unlock: async (id: number) => (await api.post<{ user: User }>(`/users/${id}/unlock`)).user,
}

export const audit = {
  events: (query: AuditQuery) => api.get<AuditPage>('/audit/events', { ...query }),
  verify: () => api.get<AuditVerification>('/audit/verify'),
}

export const travellers = {
  search: async (q: string, purpose: string) =>
    (await api.get<{ travellers: Traveller[] }>('/travellers', { q, purpose })).travellers,
  get: async (id: number, purpose: string) =>
    (await api.get<{ traveller: Traveller }>(`/travellers/${id}`, { purpose })).traveller,
}

export const documents = {
  /**
   * Parses and checks an MRZ (lines separated by "\n"). Answers the document
   * even when it is invalid; ApiError 400 "mrz_layout" when the text fits no
   * layout, 413 "mrz_too_large" above 4096 bytes.
   */
  readMrz: (mrz: string, expiringWithinDays: number) =>
    api.post<MrzDocument>('/documents/mrz', { mrz, expiring_within_days: expiringWithinDays }),
}
