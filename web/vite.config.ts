// Builds the console, portal and landing pages into three files with fixed names (index.html,
// assets/app.js, assets/app.css), which CMake embeds in the binary (src/CMakeLists.txt).
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
    rollupOptions: {
      output: {
        entryFileNames: "assets/app.js",
        chunkFileNames: "assets/app.js",
        assetFileNames: "assets/app[extname]",
        inlineDynamicImports: true,
      },
    },
  },
});
