/// <reference types="vitest/config" />
import { writeFileSync } from 'node:fs'
import { fileURLToPath, URL } from 'node:url'
import { defineConfig, type Plugin } from 'vite'
import vue from '@vitejs/plugin-vue'

const backend = process.env.WEISHI_BACKEND ?? 'http://localhost:8080'

// The Go binary embeds frontend/dist with `//go:embed all:dist`, which fails
// to compile on an empty directory. dist/.keep is committed for that reason;
// Vite empties dist before writing, so this plugin puts the file back after
// every build.
function keepDistPlaceholder(): Plugin {
  let outDir = ''
  return {
    name: 'weishi:keep-dist-placeholder',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir
    },
    closeBundle() {
      writeFileSync(`${outDir}/.keep`, '')
    },
  }
}

export default defineConfig({
  plugins: [vue(), keepDistPlaceholder()],
  define: {
    // vue-i18n feature flags: composition API only, no devtools in production.
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  server: {
    proxy: {
      '/api': { target: backend, changeOrigin: false },
      '/ws': { target: backend, ws: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
  test: {
    environment: 'jsdom',
    include: ['tests/**/*.test.ts'],
    restoreMocks: true,
  },
})
