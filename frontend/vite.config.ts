/// <reference types="vitest/config" />
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib'
import { fileURLToPath, URL } from 'node:url'
import { defineConfig, type Plugin } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'

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

// The Go server sends these precompressed copies (name.br, name.gz) to
// browsers that accept them, so an intranet office on a slow link gets the
// smallest files without the server compressing on every request.
function precompress(): Plugin {
  let outDir = ''
  const worth = /\.(js|css|html|svg|json|txt|map)$/
  return {
    name: 'weishi:precompress',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir
    },
    closeBundle() {
      const walk = (dir: string): string[] =>
        readdirSync(dir).flatMap((n) => {
          const p = join(dir, n)
          return statSync(p).isDirectory() ? walk(p) : [p]
        })
      for (const file of walk(outDir)) {
        if (!worth.test(file)) continue
        const data = readFileSync(file)
        if (data.length < 512) continue
        writeFileSync(`${file}.br`, brotliCompressSync(data, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: data.length } }))
        writeFileSync(`${file}.gz`, gzipSync(data, { level: 9 }))
      }
    },
  }
}

export default defineConfig({
  plugins: [
    vue(),
    // Element Plus components and their styles are imported where used,
    // so each page loads only the components it shows.
    Components({ resolvers: [ElementPlusResolver({ importStyle: 'css' })], dts: 'src/components.d.ts' }),
    keepDistPlaceholder(),
    precompress(),
  ],
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
    chunkSizeWarningLimit: 600,
  },
  test: {
    environment: 'jsdom',
    include: ['tests/**/*.test.ts'],
    restoreMocks: true,
  },
})
