// Vite build for the guomen web UI. The output (dist/) is served by
// `guomen serve --web-root web/dist` under a strict CSP (no inline scripts,
// no eval), so nothing here may inject inline code.
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// During `npm run dev`, API calls go to a running guomen server.
const apiTarget = process.env.GUOMEN_URL ?? 'http://127.0.0.1:8080'

export default defineConfig({
  plugins: [vue()],
  define: {
    // vue-i18n: composition API only, and its JIT message compiler, which
    // interprets messages as an AST instead of generating code (CSP-safe).
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
    __INTLIFY_JIT_COMPILATION__: true,
    __INTLIFY_DROP_MESSAGE_COMPILER__: false,
    __VUE_PROD_DEVTOOLS__: false,
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: false,
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
  },
  server: {
    proxy: { '/api': { target: apiTarget, changeOrigin: false } },
  },
  test: {
    environment: 'node',
    include: ['tests/**/*.test.ts'],
  },
})
