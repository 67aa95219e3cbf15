// The message catalogues per language: the main one plus the feature
// catalogues kept in their own files (rules.*.ts). No DOM here, so tests
// can import it.

import en from './en'
import inspectionEn from './inspection.en'
import inspectionZhCN from './inspection.zh-CN'
import manifestsEn from './manifests.en'
import manifestsZhCN from './manifests.zh-CN'
import partnersEn from './partners.en'
import partnersZhCN from './partners.zh-CN'
import rulesEn from './rules.en'
import rulesZhCN from './rules.zh-CN'
import screeningEn from './screening.en'
import screeningZhCN from './screening.zh-CN'
import zhCN from './zh-CN'

/** Merges a feature catalogue into the main one; its nav labels join the main nav group. */
export function mergeMessages<M extends { nav: object }, F extends { nav: object }>(
  main: M,
  feature: F,
): Omit<M, 'nav'> & Omit<F, 'nav'> & { nav: M['nav'] & F['nav'] } {
  return { ...main, ...feature, nav: { ...main.nav, ...feature.nav } }
}

export const MESSAGES = {
  'zh-CN': {
    ...mergeMessages(zhCN, rulesZhCN),
    ...inspectionZhCN,
    ...screeningZhCN,
    ...manifestsZhCN,
    ...partnersZhCN,
    roles: { ...zhCN.roles, ...manifestsZhCN.roles },
  },
  en: {
    ...mergeMessages(en, rulesEn),
    ...inspectionEn,
    ...screeningEn,
    ...manifestsEn,
    ...partnersEn,
    roles: { ...en.roles, ...manifestsEn.roles },
  },
}

export type MessageSchema = (typeof MESSAGES)['zh-CN']
