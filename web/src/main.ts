// Entry point of the guomen web UI.

import { createApp } from 'vue'
import 'element-plus/dist/index.css'

import App from './App.vue'
import { setUnauthorizedHandler } from './api/client'
import { clearSession } from './auth/session'
import { i18n } from './i18n'
import { goToLogin, router } from './router'
import './styles.css'

setUnauthorizedHandler(() => {
  clearSession()
  goToLogin()
})

createApp(App).use(i18n).use(router).mount('#app')
