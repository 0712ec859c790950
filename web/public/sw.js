// The portal's service worker: the page and its scripts come from the cache when there is no
// connection, so a resident can open the portal and write a report offline (the page keeps
// the report and sends it when the connection returns). The build stamps its version below.
const VERSION = "__BUILD__";
// Every built script and style (the map's too, loaded only when a page shows it).
const ASSETS = ["__ASSETS__"];
const CACHE = "ratusz-" + VERSION;
// Read-only answers the report form needs: the city, its categories and their questions.
const DATA = [/^\/open311\/v2\/services(\/[^/]+)?\.json$/, /^\/api\/v1\/public\/portal$/];

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll(["/", ...ASSETS, "/manifest.webmanifest", "/icon-192.png"]);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

async function networkFirst(request, fallback) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(fallback ?? request, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(fallback ?? request);
    if (cached) return cached;
    throw error;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(networkFirst(request, "/"));
  } else if (url.pathname.startsWith("/assets/")) {
    event.respondWith(cacheFirst(request));
  } else if (DATA.some((pattern) => pattern.test(url.pathname))) {
    event.respondWith(networkFirst(request));
  }
});
