/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import vue from "@vitejs/plugin-vue";

// The desktop shell (Tauri) loads ui/dist from its own origin: relative asset paths,
// no external resources, nothing inline but styles (the CSP allows scripts from 'self' only).
export default defineConfig({
  base: "./",
  plugins: [vue()],
  clearScreen: false,
  define: {
    __VUE_OPTIONS_API__: "true",
    __VUE_PROD_DEVTOOLS__: "false",
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: "false",
    __VUE_I18N_FULL_INSTALL__: "true",
    __VUE_I18N_LEGACY_API__: "false",
    __INTLIFY_PROD_DEVTOOLS__: "false",
    __INTLIFY_DROP_MESSAGE_COMPILER__: "false",
  },
  server: {
    port: 5173,
    strictPort: true,
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    // Element Plus is one large, cacheable vendor chunk in a desktop app: no need to warn.
    chunkSizeWarningLimit: 1500,
  },
  test: {
    // plain logic runs in node; component tests opt in with `// @vitest-environment happy-dom`
    environment: "node",
    include: ["src/**/*.test.ts", "tests/**/*.test.ts"],
    // component tests mount Element Plus pages; on a busy two-core machine the first one in
    // a file can take longer than vitest's default 5 s
    testTimeout: 20000,
    // times are shown in the office's local time: the tests run on Beijing time wherever they run
    env: { TZ: "Asia/Shanghai" },
    // Let Vite bundle Element Plus for the tests as it does for the app: run as plain Node
    // ESM, its default import of the CommonJS async-validator is not the class, and form
    // validation silently passes.
    server: { deps: { inline: ["element-plus"] } },
  },
});
