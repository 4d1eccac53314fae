// Builds the console, portal and landing pages into files with fixed names, which CMake embeds in
// the binary (src/CMakeLists.txt): index.html, assets/app.js and assets/app.css for every page,
// and assets/charts.js (the dashboard and Apache ECharts), loaded only by the dashboard.
import { defineConfig } from "vite";

export default defineConfig({
  root: __dirname,
  base: "/",
  esbuild: { jsx: "automatic", jsxImportSource: "preact" },
  build: {
    target: "es2020",
    cssCodeSplit: false,
    assetsInlineLimit: 100_000,
    modulePreload: false,
    // ECharts alone is about 540 kB minified (190 kB gzipped); it is loaded by the dashboard only.
    chunkSizeWarningLimit: 600,
    rollupOptions: {
      output: {
        entryFileNames: "assets/app.js",
        chunkFileNames: "assets/[name].js",
        assetFileNames: "assets/app[extname]",
        manualChunks(id: string) {
          const charts = ["/node_modules/echarts/", "/node_modules/zrender/", "/src/ui/chart.tsx", "/src/console/dashboard_page.tsx"];
          return charts.some((part) => id.includes(part)) ? "charts" : undefined;
        },
      },
    },
  },
});
