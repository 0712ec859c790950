import { defineConfig } from "vite";
import preact from "@preact/preset-vite";

// The built front end goes to web/dist, which `ratusz serve` serves (server.web_dir). Assets
// are named by their content's hash, so the server may cache them for a year.
export default defineConfig({
  plugins: [preact()],
  build: { outDir: "dist", emptyOutDir: true, target: "es2020" },
  server: { proxy: { "/api": "http://127.0.0.1:8080", "/open311": "http://127.0.0.1:8080" } },
  test: { environment: "jsdom" },
});
