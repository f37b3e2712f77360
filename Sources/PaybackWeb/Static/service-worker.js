// Keeps the supervisor's "record with no signal" page, today's sessions and people, on the phone.
// Network first (the page is always as fresh as the signal allows); the copy is used only when the
// network fails. Outcomes are never cached here: the page queues them and sends them itself.
const CACHE = "payback-supervisor-v2";
const KEEP = ["/supervisor/today", "/static/app.css", "/static/app.js", "/manifest.webmanifest", "/static/icon.svg"];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(KEEP)).catch(() => undefined).then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((n) => n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (!KEEP.includes(url.pathname)) return;
  event.respondWith(
    fetch(request)
      .then((response) => {
        // A redirect to the sign-in page is not today's sessions: keep the last good copy.
        if (response.ok && !response.redirected) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(url.pathname, copy));
        }
        return response;
      })
      .catch(() => caches.match(url.pathname).then((hit) => hit || Response.error()))
  );
});
