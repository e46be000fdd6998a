import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

// Split-origin builds (VITE_API_URL set) are served from the root of their own origin;
// the same-origin build lives under /app on the backend.
const apiUrl = process.env.VITE_API_URL ?? "";
const devPort = Number(process.env.VITE_DEV_PORT ?? 5173);
const backend = process.env.TEAMBOARD_BASE_URL ?? "http://127.0.0.1:8000";

export default defineConfig({
  base: process.env.VITE_BASE ?? (apiUrl ? "/" : "/app/"),
  plugins: [react()],
  resolve: {
    alias: {
      "@shared": fileURLToPath(new URL("../backend/teamboard/web/static", import.meta.url)),
    },
  },
  build: {
    target: "es2022",
    manifest: true,
    sourcemap: false,
    rollupOptions: {
      input: {
        spa: fileURLToPath(new URL("index.html", import.meta.url)),
        islands: fileURLToPath(new URL("src/islands/main.tsx", import.meta.url)),
      },
    },
  },
  server: {
    host: "127.0.0.1",
    port: devPort,
    strictPort: true,
    // The backend's pages load the islands from here under `make dev`.
    origin: `http://127.0.0.1:${devPort}`,
    cors: { origin: backend },
    // The SPA in development: same origin as far as the browser can tell.
    proxy: { "/api": backend, "/ws": { target: backend, ws: true } },
  },
  test: {
    environment: "node",
    include: ["src/**/*.test.ts", "scripts/**/*.test.ts"],
  },
});
