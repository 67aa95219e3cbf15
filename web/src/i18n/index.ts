// vue-i18n setup: zh-CN by default, English on request; the choice is kept
// in localStorage. Element Plus gets the matching locale via elementLocale.

import { computed } from 'vue'
import { createI18n } from 'vue-i18n'
import elZhCn from 'element-plus/es/locale/lang/zh-cn'
import elEn from 'element-plus/es/locale/lang/en'

import { setAcceptLanguage } from '../api/client'
import { MESSAGES, type MessageSchema } from './messages'

export type Locale = 'zh-CN' | 'en'

export const LOCALES: readonly Locale[] = ['zh-CN', 'en']

export const LOCALE_STORAGE_KEY = 'guomen.locale'

export function normalizeLocale(value: unknown): Locale {
  return value === 'en' ? 'en' : 'zh-CN'
}

function storedLocale(): Locale {
  try {
    return normalizeLocale(window.localStorage.getItem(LOCALE_STORAGE_KEY))
  } catch {
    return 'zh-CN'
  }
}

export const i18n = createI18n<[MessageSchema], Locale, false>({
  legacy: false,
  locale: storedLocale(),
  fallbackLocale: 'zh-CN',
  messages: MESSAGES,
})

export const currentLocale = computed<Locale>(() => normalizeLocale(i18n.global.locale.value))

export const elementLocale = computed(() => (currentLocale.value === 'en' ? elEn : elZhCn))

function applyLocale(locale: Locale): void {
  document.documentElement.lang = locale
  setAcceptLanguage(locale)
}

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale
  try {
    window.localStorage.setItem(LOCALE_STORAGE_KEY, locale)
  } catch {
    // Storage may be unavailable (private mode); the choice lasts this page only.
  }
  applyLocale(locale)
}

applyLocale(currentLocale.value)
