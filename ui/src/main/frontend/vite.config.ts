import { fileURLToPath } from 'node:url'
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vitest/config'

// The Maven build packs whatever lands here into the ui jar; UiService serves it from the class path.
const backend = process.env.TRACEMATE_URL ?? 'http://127.0.0.1:16686'
const outDir = fileURLToPath(new URL('../../../target/classes/io/tracemate/ui/static', import.meta.url))

export default defineConfig({
  plugins: [vue()],
  build: {
    outDir,
    emptyOutDir: true,
    // One chunk per route would save little for an internal tool; keep the warning meaningful.
    chunkSizeWarningLimit: 600,
  },
  server: {
    // `npm run dev` against a local `bin/tracemate demo` (or TRACEMATE_URL).
    proxy: { '/api': backend, '/loki': backend },
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
})
