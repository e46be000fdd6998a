import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";
import { compileHints } from "./scripts/compileHints";

// Split-origin builds (VITE_API_URL set) are served from the root of their own origin;
// the same-origin build lives under /app on the backend.
const apiUrl = process.env.VITE_API_URL ?? "";
const devPort = Number(process.env.VITE_DEV_PORT ?? 5173);
const backend = process.env.TEAMBOARD_BASE_URL ?? "http://127.0.0.1:8000";

export default defineConfig({
  base: process.env.VITE_BASE ?? (apiUrl ? "/" : "/app/"),
  plugins: [react(), compileHints()],
  resolve: {
    alias: {
      "@shared": fileURLToPath(new URL("../backend/teamboard/web/static", import.meta.url)),
      // The code is written for React's API and typed with React's types; the build runs it
      // on Preact's compatibility layer, which is ~35 KB gzip lighter than React DOM and
      // renders a board faster (docs/frontend.md, "Why Preact underneath").
      "react-dom/client": "preact/compat/client",
      "react-dom": "preact/compat",
      "react/jsx-runtime": "preact/jsx-runtime",
      "react/jsx-dev-runtime": "preact/jsx-dev-runtime",
      react: "preact/compat",
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
    // The libraries that import React go through the aliases above too, as in the build.
    server: { deps: { inline: [/@tanstack\/react-query/, /react-router/, /@dnd-kit/] } },
    // Under Node, react-router's exports pick its CommonJS build, which no alias reaches.
    // dnd-kit's core likewise (its CommonJS build requires React itself).
    alias: {
      "react-router": fileURLToPath(new URL("node_modules/react-router/dist/development/index.mjs", import.meta.url)),
      "@dnd-kit/core": fileURLToPath(new URL("node_modules/@dnd-kit/core/dist/core.esm.js", import.meta.url)),
    },
    include: ["src/**/*.test.ts", "scripts/**/*.test.ts"],
  },
});
