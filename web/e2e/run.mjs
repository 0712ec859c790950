// End-to-end tests of the web front end: a real `ratusz` on a temporary data directory (the
// demo city, its knowledge base imported) serving web/dist, driven by playwright-core in
// Debian's Chromium (headless; no downloaded browser). axe-core checks every page for WCAG 2.1
// AA violations. Screenshots of each page, phone and desktop sizes, go to web/e2e/output/.
//
//   RATUSZ_BIN=build/release/ratusz CHROMIUM=/usr/bin/chromium node e2e/run.mjs

import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const source = resolve(here, "..", "..");
const bin = resolve(process.env.RATUSZ_BIN ?? join(source, "build", "release", "ratusz"));
const browserPath = process.env.CHROMIUM ?? "/usr/bin/chromium";
const output = join(here, "output");
const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const photoPath = join(source, "tests", "integration", "data", "photo-1600x1200.jpg");
const phone = { width: 390, height: 844 };
const staffPassword = "e2e-Password-4-staff";
const ctiToken = "cti-token-of-the-end-to-end-tests";
const desktop = { width: 1280, height: 800 };

const failures = [];
function check(ok, what) {
  if (!ok) failures.push(what);
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
}

async function startRatusz(dataDir) {
  // Map tiles from a port where nothing listens: the portal must work when tiles fail.
  const env = {
    ...process.env,
    RATUSZ_SERVER__WEB_DIR: join(source, "web", "dist"),
    RATUSZ_PORTAL__TILE_URL: "https://127.0.0.1:9/{z}/{x}/{y}.png",
    RATUSZ_CONTACT__CTI_TOKEN: ctiToken,
  };
  const base = ["--data-dir", dataDir];
  const imported = spawnSync(bin, [...base, "kb", "import", join(source, "config", "demo", "knowledge_base.json")], { env, encoding: "utf8" });
  if (imported.status !== 0) throw new Error(`kb import failed: ${imported.stderr}`);
  const key = spawnSync(bin, [...base, "apikey", "create", "--name", "e2e"], { env, encoding: "utf8" });
  if (key.status !== 0) throw new Error(`apikey create failed: ${key.stderr}`);
  const apiKey = key.stdout.trim().split("\n").pop();
  const users = [["ola", "agent", ""], ["ala", "agent", ""], ["boss", "supervisor", ""], ["fire", "specialist", "fire-brigade"],
    ["guard", "specialist", "city-guard"], ["green", "specialist", "greenery"], ["root", "admin", ""], ["ekspert", "expert", ""]];
  for (const [name, role, unit] of users) {
    const added = spawnSync(bin, [...base, "user", "add", name, "--role", role, ...(unit ? ["--department", unit] : [])], {
      env: { ...env, RATUSZ_PASSWORD: staffPassword }, encoding: "utf8",
    });
    if (added.status !== 0) throw new Error(`user add ${name} failed: ${added.stderr}`);
  }
  const server = spawn(bin, [...base, "serve", "--listen", "127.0.0.1:0"], { env });
  const port = await new Promise((ok, fail) => {
    let seen = "";
    server.stdout.on("data", (chunk) => {
      seen += chunk;
      const match = /listening on http:\/\/[^ ]+:(\d+)/.exec(seen);
      if (match) ok(Number(match[1]));
    });
    server.on("exit", (code) => fail(new Error(`ratusz exited (${code}): ${seen}`)));
    setTimeout(() => fail(new Error(`ratusz did not start: ${seen}`)), 30000);
  });
  return { server, url: `http://127.0.0.1:${port}`, apiKey };
}

async function axe(page, name) {
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(() =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }),
  );
  const violations = result.violations.map((v) => `${v.id} (${v.nodes.length}): ${v.help}`);
  check(violations.length === 0, `axe-core finds no WCAG 2.1 AA violation on ${name}${violations.length ? ": " + violations.join("; ") : ""}`);
}

async function shoot(page, name) {
  await page.screenshot({ path: join(output, `${name}.png`), fullPage: true });
}

async function faqScenario(browser, url, size, label) {
  // bypassCSP: axe-core is injected as an inline script, which the portal's policy refuses.
  const context = await browser.newContext({
    viewport: size, locale: "pl-PL", hasTouch: label === "phone", bypassCSP: true,
  });
  const page = await context.newPage();
  await page.goto(url + "/");
  await page.getByRole("heading", { name: "Najczęstsze pytania" }).waitFor();
  check(true, `${label}: the portal opens in Polish`);
  await shoot(page, `faq-${label}`);
  await axe(page, `the FAQ (${label})`);

  // The resident types without diacritics and before finishing the word.
  // Before typing, the whole FAQ is listed; the search narrows it to the best few.
  const results = page.getByRole("list", { name: "Wyniki" }).getByRole("link");
  await results.first().waitFor();
  const all = await results.count();
  await page.getByLabel("Czego szukasz?").fill("wywoz gabaryt");
  await page.waitForFunction(
    (before) => document.querySelectorAll("#faq-results li").length < before, all, { timeout: 10000 });
  const top = (await results.allInnerTexts()).slice(0, 3);
  check(top.includes("Odbiór odpadów wielkogabarytowych (meble, dywany, materace)"),
    `${label}: "wywoz gabaryt" puts the bulky-waste answer in the first three (of ${all}): ${top.join(" | ")}`);
  const result = page.getByRole("link", { name: "Odbiór odpadów wielkogabarytowych (meble, dywany, materace)" });
  await shoot(page, `faq-search-${label}`);

  await result.click();
  await page.getByRole("heading", { level: 1, name: /Odbiór odpadów wielkogabarytowych/ }).waitFor();
  check((await page.locator(".body").innerText()).includes("raz na kwartał"), `${label}: the answer is shown`);
  check(new URL(page.url()).pathname.startsWith("/faq/"), `${label}: the answer has its own address`);
  await axe(page, `an answer (${label})`);
  await shoot(page, `article-${label}`);
  await page.getByRole("button", { name: "Tak" }).click();
  await page.getByRole("status").filter({ hasText: "Dziękujemy" }).waitFor();
  check(true, `${label}: "this helped" is thanked`);

  // English on request: the same answer in English.
  await page.getByRole("button", { name: "Switch to English" }).click();
  await page.getByRole("heading", { level: 1, name: "Bulky waste collection (furniture, carpets, mattresses)" }).waitFor();
  check((await page.evaluate(() => document.documentElement.lang)) === "en", `${label}: the page says it is English`);
  await shoot(page, `article-en-${label}`);
  // Back, with the keyboard only.
  await page.getByRole("link", { name: /Back to the questions/ }).focus();
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { name: "Frequently asked questions" }).waitFor();
  check(true, `${label}: back to the questions with the keyboard`);
  await context.close();
}

// A report through Open311 (as an app would send it); returns its number.
async function report(url, apiKey) {
  const body = new URLSearchParams({
    api_key: apiKey, jurisdiction_id: "wroclaw.pl", service_code: "pothole",
    lat: "51.1079", long: "17.0385", address_string: "ul. Legnicka 12",
    description: "Głęboka dziura przy przejściu dla pieszych", "attribute[size]": "large",
  });
  const response = await fetch(`${url}/open311/v2/requests.json`, { method: "POST", body });
  const [created] = await response.json();
  return created.service_request_id;
}

async function trackScenario(browser, url, number, size, label) {
  const context = await browser.newContext({ viewport: size, locale: "pl-PL", bypassCSP: true });
  const page = await context.newPage();
  await page.goto(url + "/");
  // Typed as read over the phone: lower case, no dash.
  await page.getByLabel("Numer zgłoszenia").fill(number.toLowerCase().replace("-", ""));
  await page.getByRole("button", { name: "Sprawdź" }).click();
  await page.getByRole("heading", { level: 1, name: new RegExp(number) }).waitFor();
  check(new URL(page.url()).pathname.startsWith("/track/"), `${label}: the case has its own address`);
  check((await page.locator(".status").innerText()) === "Przyjęte", `${label}: the status reads "Przyjęte"`);
  check((await page.locator(".service").innerText()) === "Dziura w jezdni", `${label}: the category in Polish`);
  check((await page.locator(".timeline li").count()) >= 1, `${label}: the timeline shows what happened`);
  await axe(page, `a tracked case (${label})`);
  await shoot(page, `track-${label}`);
  await page.goto(url + "/track/K7M2-QX4P");
  await page.getByRole("alert").filter({ hasText: "Nie ma zgłoszenia" }).waitFor();
  check(true, `${label}: an unknown number is said so`);
  await context.close();
}


// Scenario 1: a resident reports a pothole on a phone with a photo, gets a number, follows it.
async function reportScenario(browser, url) {
  const context = await browser.newContext({
    viewport: phone, locale: "pl-PL", hasTouch: true, bypassCSP: true,
    geolocation: { latitude: 51.1203, longitude: 17.0512 }, permissions: ["geolocation"],
  });
  const page = await context.newPage();
  await page.goto(url + "/");
  await page.getByRole("link", { name: "Zgłoś problem" }).click();
  await page.getByRole("heading", { level: 1, name: "Zgłoś problem w mieście" }).waitFor();
  await shoot(page, "report-categories-phone");
  await axe(page, "the report form's categories (phone)");
  await page.getByRole("searchbox", { name: "Co chcesz zgłosić?" }).fill("dziura");
  await page.getByRole("button", { name: /Dziura w jezdni/ }).click();
  await page.getByText("Wybrano: Dziura w jezdni").waitFor();
  // The map's tiles fail here (nothing serves them): the page says so, reporting goes on.
  await page.getByText("Mapa się nie wczytała").waitFor();
  check(true, "phone: failing map tiles are said, with the other ways to give the place");
  await page.getByRole("button", { name: "Użyj mojej lokalizacji" }).click();
  await page.getByText("Zaznaczono miejsce: 51.12030, 17.05120").waitFor();
  check(true, "phone: \"near me\" marks the resident's position");
  await page.getByRole("group", { name: /Jak duża jest dziura\?/ })
    .getByLabel("Większa niż koło, zagraża ruchowi").check();
  await page.getByLabel("Opis", { exact: true }).fill("Głęboka dziura na prawym pasie, tuż za przejściem.");
  await page.getByLabel("Zdjęcia (nieobowiązkowe)").setInputFiles(photoPath);
  await page.locator(".thumbs img").waitFor();
  const shrunk = await page.locator(".thumbs img").evaluate((img) => Math.max(img.naturalWidth, img.naturalHeight));
  check(shrunk <= 1600, `phone: the photo is resized in the browser (${shrunk} px)`);
  // Contact details without the consent are not sent.
  await page.getByLabel("E-mail", { exact: true }).fill("mieszkanka@example.pl");
  await page.getByRole("button", { name: "Wyślij zgłoszenie" }).click();
  await page.getByRole("alert").filter({ hasText: "Aby podać dane kontaktowe, zaznacz zgodę." }).waitFor();
  check(true, "phone: contact details without consent are stopped with a reason");
  await page.getByLabel(/Zgadzam się na otrzymywanie powiadomień/).check();
  await shoot(page, "report-form-phone");
  await axe(page, "the filled report form (phone)");
  await page.getByRole("button", { name: "Wyślij zgłoszenie" }).click();
  await page.getByRole("heading", { level: 1, name: "Dziękujemy! Zgłoszenie przyjęte." }).waitFor();
  const number = (await page.locator(".sent .number").innerText()).trim();
  check(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/.test(number), `phone: the case number is shown large: ${number}`);
  const size = await page.locator(".sent .number").evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
  check(size >= 40, `phone: the number is large (${size} px)`);
  await shoot(page, "report-sent-phone");
  await axe(page, "the sent page (phone)");
  await page.getByRole("link", { name: "Śledź zgłoszenie" }).click();
  await page.getByRole("heading", { level: 1, name: new RegExp(number) }).waitFor();
  check((await page.locator(".service").innerText()) === "Dziura w jezdni", "phone: the followed case is the pothole");
  await page.locator("img.photo").waitFor();
  const photoWidth = await page.locator("img.photo").evaluate(async (img) => {
    await img.decode();
    return img.naturalWidth;
  });
  check(photoWidth > 0, "phone: the case page shows the photo sent with it");
  await shoot(page, "report-tracked-phone");
  await context.close();
  return number;
}

// Duplicates, on a desktop: a pin where a pothole was reported already offers to follow it.
async function duplicateScenario(browser, url, existing) {
  const context = await browser.newContext({ viewport: desktop, locale: "en-GB", bypassCSP: true });
  const page = await context.newPage();
  await page.goto(url + "/report");
  await page.getByRole("heading", { level: 1, name: "Report a problem in the city" }).waitFor();
  await page.getByText("Roads and pavements").click();
  await page.getByRole("button", { name: /^Pothole/ }).click();
  await page.locator(".map").click({ position: { x: 200, y: 120 } });
  await page.getByText(/^Place marked: /).waitFor();
  check(true, "desktop: a click on the map places the pin");
  // The map opens on the city centre, where the Open311 report is: pin its middle.
  await page.getByRole("button", { name: "Put the pin in the middle of the map" }).click();
  await page.getByRole("heading", { name: "Already reported nearby" }).waitFor();
  const offered = await page.locator(".duplicates li strong").allInnerTexts();
  check(offered.includes(existing), `desktop: the report nearby is offered to follow (${offered.join(", ")})`);
  await shoot(page, "report-duplicate-desktop");
  await axe(page, "the report form with a duplicate offered (desktop)");
  await page.getByRole("link", { name: "Follow this report" }).first().click();
  await page.getByRole("heading", { level: 1, name: new RegExp(existing) }).waitFor();
  check(true, "desktop: \"follow this one instead\" opens the existing report");
  await context.close();
}

// Scenario 6: the network is cut, the report is kept; the network returns, it is sent once.
async function offlineScenario(browser, url) {
  const context = await browser.newContext({ viewport: phone, locale: "pl-PL", bypassCSP: true });
  const page = await context.newPage();
  await page.goto(url + "/");
  const worker = await page.evaluate(async () => {
    const active = (await navigator.serviceWorker.ready).active;
    if (active && active.state !== "activated") {
      await new Promise((done) => active.addEventListener("statechange", () => active.state === "activated" && done()));
    }
    return active?.state;
  });
  check(worker === "activated", `the service worker is active (${worker})`);
  const manifest = await (await fetch(url + "/manifest.webmanifest")).json();
  check(manifest.icons.some((i) => i.sizes === "512x512") && manifest.display === "standalone",
    "the portal is installable (manifest with icons, standalone)");
  await page.reload(); // Now under the service worker's control.
  await page.getByRole("link", { name: "Zgłoś problem" }).click();
  await page.getByRole("searchbox", { name: "Co chcesz zgłosić?" }).fill("graffiti");
  await page.getByRole("button", { name: /Graffiti/ }).first().click();
  const description = "Napis na elewacji szkoły " + Date.now();
  await page.getByLabel("Adres lub opis miejsca").fill("ul. Ruska 46, Wrocław");
  await page.getByLabel("Opis", { exact: true }).fill(description);
  await context.setOffline(true);
  // Offline, the portal itself still opens (from the service worker's cache).
  const other = await context.newPage();
  await other.goto(url + "/map");
  await other.getByRole("heading", { name: "Zgłoszenia na mapie" }).waitFor({ timeout: 5000 }).then(
    () => check(true, "offline: the portal opens from the service worker's cache"),
    () => check(false, "offline: the portal opens from the service worker's cache"));
  await other.close();
  await page.getByRole("button", { name: "Wyślij zgłoszenie" }).click();
  await page.getByText("Brak połączenia. Zgłoszenie zapisaliśmy").waitFor();
  check(true, "offline: the report is kept on the device");
  await shoot(page, "report-saved-offline-phone");
  await axe(page, "the saved-offline page (phone)");
  const count = () => graffitiWith(url, description);
  check((await count()) === 0, "offline: nothing reached the server");
  await context.setOffline(false);
  await page.getByText("Wysłaliśmy zapisane zgłoszenie. Numer:").waitFor({ timeout: 15000 });
  check(true, "online again: the kept report is sent and its number shown");
  await shoot(page, "report-sent-later-phone");

  // The answer is lost on the way back: the report reached the city, the phone thinks not.
  // Sent again with the same key, it stays one case.
  await page.goto(url + "/report");
  await page.getByRole("searchbox", { name: "Co chcesz zgłosić?" }).fill("graffiti");
  await page.getByRole("button", { name: /Graffiti/ }).first().click();
  const lost = "Drugi napis, odpowiedź zgubiona " + Date.now();
  await page.getByLabel("Adres lub opis miejsca").fill("ul. Ruska 48, Wrocław");
  await page.getByLabel("Opis", { exact: true }).fill(lost);
  await page.route("**/api/v1/public/reports", async (route) => {
    await route.fetch();
    await route.abort("connectionreset");
  }, { times: 1 });
  await page.getByRole("button", { name: "Wyślij zgłoszenie" }).click();
  await page.getByText("Brak połączenia. Zgłoszenie zapisaliśmy").waitFor();
  await page.evaluate(() => dispatchEvent(new Event("online")));
  await page.getByText("Wysłaliśmy zapisane zgłoszenie. Numer:").waitFor({ timeout: 15000 });
  const lostCount = await graffitiWith(url, lost);
  check(await count() === 1 && lostCount === 1, `each report is one case, however often it was sent (${lostCount})`);

  // The city asks to wait (too many reports from one address): kept, and sent later.
  await page.goto(url + "/report");
  await page.getByRole("searchbox", { name: "Co chcesz zgłosić?" }).fill("graffiti");
  await page.getByRole("button", { name: /Graffiti/ }).first().click();
  const busy = "Trzeci napis, miasto prosi o chwilę " + Date.now();
  await page.getByLabel("Adres lub opis miejsca").fill("ul. Ruska 50, Wrocław");
  await page.getByLabel("Opis", { exact: true }).fill(busy);
  await page.route("**/api/v1/public/reports", (route) => route.fulfill({
    status: 429, contentType: "application/json", headers: { "Retry-After": "60" },
    body: JSON.stringify({ error: { code: "resource_exhausted", message: "too many reports from this address" } }),
  }));
  await page.getByRole("button", { name: "Wyślij zgłoszenie" }).click();
  await page.getByText("Z tego adresu wysłano ostatnio wiele zgłoszeń.").waitFor();
  check(true, "a report the city asks to wait for is kept, and the resident is told why");
  await page.unroute("**/api/v1/public/reports");
  await page.evaluate(() => dispatchEvent(new Event("online")));
  await page.getByText("Wysłaliśmy zapisane zgłoszenie. Numer:").waitFor({ timeout: 15000 });
  const busyCount = await graffitiWith(url, busy);
  check(busyCount === 1, `it is sent later, once (${busyCount})`);
  await context.close();
}

// The public map, with filters, and the list under it.
async function mapScenario(browser, url, number, size, label) {
  const context = await browser.newContext({ viewport: size, locale: "pl-PL", bypassCSP: true });
  const page = await context.newPage();
  await page.goto(url + "/");
  await page.getByRole("link", { name: "Mapa zgłoszeń" }).click();
  await page.getByRole("heading", { level: 1, name: "Zgłoszenia na mapie" }).waitFor();
  await page.getByRole("link", { name: number }).waitFor();
  await page.locator(".leaflet-interactive").first().waitFor({ state: "attached" });
  check(true, `${label}: reports are drawn on the map`);
  await page.locator('#filter-service option[value="graffiti"]').waitFor({ state: "attached" });
  await page.getByLabel("Kategoria").selectOption("graffiti");
  await page.getByRole("status").filter({ hasText: /Znaleziono/ }).waitFor();
  await page.waitForFunction((n) => !document.body.innerText.includes(n), number);
  check(true, `${label}: the category filter hides other reports`);
  await shoot(page, `map-${label}`);
  await axe(page, `the public map (${label})`);
  await context.close();
}

// A staff member's API call (JSON), with a bearer token.
async function staff(url, token, method, path, body) {
  const response = await fetch(`${url}/api/v1/${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json().catch(() => ({})) };
}

async function login(url, username) {
  const response = await fetch(`${url}/api/v1/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username, password: staffPassword }),
  });
  return (await response.json()).token;
}

// Signs a staff member in on /staff.
async function logIn(page, url, username) {
  await page.goto(url + "/staff");
  await page.getByLabel("Użytkownik").fill(username);
  await page.getByLabel("Hasło").fill(staffPassword);
  await page.getByRole("button", { name: "Zaloguj się" }).click();
}

// A staff member signed in, in a new context; returns the page.
async function staffPage(browser, url, username, size = desktop) {
  const context = await browser.newContext({ viewport: size, locale: "pl-PL", bypassCSP: true });
  const page = await context.newPage();
  await logIn(page, url, username);
  return page;
}

// An event of the telephone system, as Asterisk's connector would post it.
async function cti(url, event) {
  const response = await fetch(`${url}/api/v1/contact/cti/events`, {
    method: "POST", headers: { Authorization: `Bearer ${ctiToken}`, "Content-Type": "application/json" },
    body: JSON.stringify(event),
  });
  return { status: response.status, body: await response.json() };
}

// How many graffiti reports the city holds with this description.
async function graffitiWith(url, description) {
  const found = await (await fetch(`${url}/open311/v2/requests.json?jurisdiction_id=wroclaw.pl&service_code=graffiti`)).json();
  return found.filter((r) => r.description === description).length;
}

// Scenario 3: a resident chats with an available agent, who makes a case of the chat in the
// console; the case's number reaches the resident's chat.
async function chatScenario(browser, url) {
  const boss = await login(url, "boss");
  // The supervisor gives the agent the chat skill on the agents' screen.
  const lead = await staffPage(browser, url, "boss");
  await lead.getByRole("button", { name: "Konsultanci" }).click();
  await lead.getByLabel("Użytkownik", { exact: true }).last().fill("ola");
  await lead.getByLabel("Umiejętność „chat”").fill("5");
  await lead.getByRole("button", { name: "Zapisz profil" }).click();
  await lead.getByRole("status").filter({ hasText: "Zapisano." }).waitFor();
  await lead.locator("tr").filter({ hasText: "ola" }).filter({ hasText: "chat 5" }).waitFor();
  check(true, "a supervisor gives the agent the chat skill");
  await lead.getByLabel("Użytkownik", { exact: true }).last().fill("ekspert");
  await lead.getByLabel("Umiejętność „chat”").fill("0");
  await lead.getByLabel("Umiejętność „expert-roads”").fill("9");
  await lead.getByRole("button", { name: "Zapisz profil" }).click();
  await lead.locator("tr").filter({ hasText: "ekspert" }).filter({ hasText: "expert-roads 9" }).waitFor();
  await shoot(lead, "staff-profiles-desktop");
  await axe(lead, "the agents' skills (desktop)");
  await lead.context().close();
  const agent = await staffPage(browser, url, "ola");
  await agent.getByRole("heading", { name: "Konsola konsultanta" }).waitFor();
  await agent.getByRole("button", { name: "Dostępny", exact: true }).click();
  await agent.getByRole("status").filter({ hasText: "Teraz: Dostępny" }).waitFor();
  check(true, "the agent is available");

  const context = await browser.newContext({ viewport: phone, locale: "pl-PL", bypassCSP: true });
  const page = await context.newPage();
  await page.goto(url + "/faq/1");
  await page.getByRole("button", { name: "Czat z konsultantem" }).click();
  await page.getByRole("button", { name: "Rozpocznij czat" }).click();
  await page.getByLabel("Wiadomość").fill("Dzień dobry, na Kasprowicza leży drzewo na jezdni.");
  await page.getByRole("button", { name: "Wyślij", exact: true }).click();
  await page.locator(".chat-lines li.mine").waitFor();

  const offer = agent.locator(".offer-item").filter({ hasText: "czat" });
  await offer.waitFor();
  check(true, "the chat is offered in the agent's console");
  await agent.keyboard.press("Alt+a"); // Accept with the keyboard.
  await page.getByText("Konsultant jest z Tobą.").waitFor();
  check(true, "accepted with Alt+A: the resident is told a consultant is there");
  await agent.locator(".console-main .chat-lines li").filter({ hasText: "drzewo na jezdni" }).waitFor();
  check(true, "the console shows what the resident wrote");
  await agent.getByLabel("Odpowiedź").fill("Dzień dobry, zakładam zgłoszenie.");
  await agent.getByRole("button", { name: "Wyślij", exact: true }).click();
  await page.locator(".chat-lines li").filter({ hasText: "Konsultant: Dzień dobry, zakładam zgłoszenie." }).waitFor();
  check(true, "the agent's reply reaches the resident");

  // The resident asks what the agent cannot answer: the expert line, from the same screen.
  const expert = await staffPage(browser, url, "ekspert");
  await expert.getByRole("button", { name: "Dostępny", exact: true }).click();
  await expert.getByRole("status").filter({ hasText: "Teraz: Dostępny" }).waitFor();
  await agent.keyboard.press("Alt+k");
  await agent.keyboard.type("Kiedy drzewo zostanie usunięte z jezdni?");
  await agent.getByLabel("Temat").selectOption("roads");
  await agent.getByRole("button", { name: "Zapytaj eksperta" }).click();
  await agent.getByRole("status").filter({ hasText: "Pytanie trafiło do ekspertów." }).waitFor();
  const question = expert.locator(".offer-item").filter({ hasText: "pytanie do eksperta" });
  await question.waitFor();
  await question.getByRole("button", { name: "Przyjmij" }).click();
  await expert.locator(".console-main .chat-lines li").filter({ hasText: "Kiedy drzewo zostanie usunięte" }).first().waitFor();
  check(true, "the expert is offered the question, with the conversation so far");
  await expert.getByLabel("Odpowiedź").fill("Ekipa Zarządu Zieleni usunie drzewo w ciągu 4 godzin.");
  await expert.getByRole("button", { name: "Wyślij", exact: true }).click();
  await agent.locator(".panel .chat-lines li").filter({ hasText: "w ciągu 4 godzin" }).waitFor();
  check(true, "the agent reads the expert's answer live beside the chat");
  await agent.getByRole("button", { name: "Przekaż odpowiedź mieszkańcowi" }).click();
  await page.locator(".chat-lines li").filter({ hasText: "w ciągu 4 godzin" }).waitFor();
  check(true, "the expert's answer reaches the resident's chat");
  await shoot(expert, "console-expert-desktop");
  await expert.getByRole("button", { name: "Zakończ kontakt" }).click();
  await expert.getByRole("button", { name: "Zakończ obsługę" }).click();
  await expert.getByText("Brak kontaktów w toku.").waitFor();
  await expert.context().close();

  await agent.keyboard.press("Alt+r");
  await agent.keyboard.type("drzewo");
  await agent.getByRole("button", { name: /Powalone drzewo/ }).click();
  await agent.getByLabel("Adres", { exact: true }).fill("ul. Kasprowicza 10, Wrocław");
  await agent.getByRole("group", { name: /Co blokuje/ }).getByLabel("Jezdnię").check();
  await agent.getByRole("button", { name: "Sprawdź duplikaty i zapisz" }).click();
  const registered = agent.getByRole("status").filter({ hasText: /Zarejestrowano zgłoszenie/ });
  await registered.waitFor();
  const number = /([0-9A-Z]{4}-[0-9A-Z]{4})/.exec(await registered.innerText())[1];
  check(true, `the agent registers case ${number} from the chat`);
  await page.locator(".chat-lines li").filter({ hasText: number }).waitFor();
  check(true, "phone: the resident reads the case number in the chat");
  await shoot(page, "chat-phone");
  await axe(page, "an answer with the chat open (phone)");
  await shoot(agent, "console-chat-desktop");
  await axe(agent, "the agent console with a chat (desktop)");
  await agent.getByRole("button", { name: "Zakończ kontakt" }).click();
  await page.getByText("Czat zakończony.").waitFor();
  await agent.getByRole("button", { name: "Zakończ obsługę" }).click();
  await agent.getByRole("status").filter({ hasText: "Kontakt zamknięty kodem case-registered" }).waitFor();
  const record = await staff(url, boss, "GET", `contact/interactions?case=${number}`);
  const [contact] = record.body.interactions;
  check(contact && contact.channel === "chat" && contact.wrap_up === "case-registered",
    `the chat is wrapped up with the case (${contact && contact.wrap_up})`);
  await context.close();
  await agent.context().close();
}

// A call from offer to wrap-up on one screen: the caller (who consented) is recognised with
// their earlier case; the agent answers a question from the knowledge base, registers the
// caller's report (offered the earlier case as a duplicate, registers it anew) and wraps up.
async function callScenario(browser, url) {
  const boss = await login(url, "boss");
  const ala = await login(url, "ala");
  await staff(url, boss, "PUT", "contact/agents/ala", { skills: { "first-line": 8 }, languages: ["pl", "en"] });
  const earlier = await staff(url, ala, "POST", "cases", {
    jurisdiction_id: "wroclaw.pl", service_code: "pothole", channel: "phone", attributes: { size: "small" },
    description: "Dziura przed domem", lat: 51.1001, long: 17.0301, phone: "600 100 300",
  });
  check(earlier.status === 201, `an earlier case of the caller (${earlier.status} ${JSON.stringify(earlier.body)})`);
  const resident = await staff(url, ala, "POST", "residents", {
    name: "Zofia Kowalska", phones: ["600 100 300"], language: "pl", channel: "none",
    consents: [{ purpose: "recognition", text_version: "2026-01", channel: "voice" }],
  });
  check(resident.status === 201, `the caller consented to be recognised (${resident.status})`);

  const agent = await staffPage(browser, url, "ala");
  await agent.getByRole("heading", { name: "Konsola konsultanta" }).waitFor();
  await agent.getByRole("button", { name: "Dostępny", exact: true }).click();
  await agent.getByRole("status").filter({ hasText: "Teraz: Dostępny" }).waitFor();
  const offered = await cti(url, { event: "offered", call: "e2e-call-1", caller: "+48600100300", dialled: "19115" });
  check(offered.body.agent === "ala", `the call rings at the available agent (${JSON.stringify(offered.body)})`);
  await agent.locator(".offer-item").filter({ hasText: "+48600100300" }).waitFor();
  check(true, "the console shows the caller's number while it rings");
  await cti(url, { event: "answered", call: "e2e-call-1", agent: "ala" });
  await agent.getByRole("heading", { level: 2, name: /telefon: \+48600100300/ }).waitFor();
  await agent.getByText("Rozpoznany mieszkaniec (zgoda): Zofia Kowalska").waitFor();
  await agent.locator(".known li").filter({ hasText: earlier.body.number }).waitFor();
  check(true, "answered: the consenting caller is recognised with their earlier case");

  // A question first: the knowledge base beside the call.
  await agent.keyboard.press("Alt+k");
  await agent.keyboard.type("wywóz gabarytów");
  const article = agent.locator(".kb-results li").filter({ hasText: "Odbiór odpadów wielkogabarytowych" });
  await article.waitFor();
  await article.getByRole("button", { name: "Odpowiedziano tym artykułem" }).click();
  await agent.getByRole("status").filter({ hasText: "Zapisano odpowiedź na pytanie." }).waitFor();
  check(true, "the question is closed with the article used");

  const cities = await agent.getByLabel("Miasto").locator("option").allInnerTexts();
  check(cities.join(",") === "Wrocław,Warszawa", `the agent may register a case in either city (${cities.join(", ")})`);
  // Then the caller's report, where the earlier case is: offered as a duplicate.
  await agent.getByRole("searchbox", { name: "Co chcesz zgłosić?" }).fill("latarnia");
  await agent.getByRole("button", { name: /Niedziałająca latarnia/ }).click();
  await agent.getByLabel("Adres", { exact: true }).fill("ul. Ślężna 40, Wrocław");
  await agent.getByLabel("Opis").fill("Druga latarnia obok też nie świeci");
  await agent.getByRole("group", { name: /Co się dzieje z latarnią/ }).getByLabel("Nie świeci").check();
  // The caller wants news by text: the number the call came from.
  await agent.getByLabel(/Mieszkaniec chce wiadomości o zgłoszeniu/).check();
  check(await agent.getByLabel("Telefon lub e-mail do wiadomości").inputValue() === "+48600100300",
    "the caller's number is offered for the news");
  const pinned = agent.getByRole("button", { name: "Postaw pinezkę na środku mapy" });
  await pinned.waitFor();
  // The map opens on the city centre; the earlier lamp is elsewhere: no duplicate there.
  await pinned.click();
  await agent.getByRole("button", { name: "Sprawdź duplikaty i zapisz" }).click();
  const registered = agent.getByRole("status").filter({ hasText: /Zarejestrowano zgłoszenie/ });
  await registered.waitFor();
  const number = /([0-9A-Z]{4}-[0-9A-Z]{4})/.exec(await registered.innerText())[1];
  check(number !== earlier.body.number, `the report is registered as case ${number}`);
  const reporter = await staff(url, boss, "GET", `cases/${number}/reporter?reason=${encodeURIComponent("e2e: the caller's number is on the case")}`);
  check(reporter.body.phone === "+48600100300", `the caller's number is on the case for its news (${JSON.stringify(reporter.body).slice(0, 120)})`);
  await shoot(agent, "console-call-desktop");
  await axe(agent, "the agent console with a call (desktop)");

  await cti(url, { event: "ended", call: "e2e-call-1" });
  await agent.keyboard.press("Alt+w");
  check(await agent.evaluate(() => document.activeElement?.id) === "wrap-code", "Alt+W goes to the wrap-up code");
  await agent.getByLabel("Notatka", { exact: true }).fill("Pytanie o gabaryty, zgłoszenie latarni");
  await agent.getByRole("button", { name: "Zakończ obsługę" }).click();
  await agent.getByRole("status").filter({ hasText: "Kontakt zamknięty kodem case-registered" }).waitFor();
  await agent.getByText("Brak kontaktów w toku.").waitFor();
  const record = await staff(url, boss, "GET", `contact/interactions?case=${number}`);
  const [contact] = record.body.interactions;
  check(contact && contact.channel === "voice" && contact.wrap_up === "case-registered",
    `the call is wrapped up with its case, from offer to wrap-up on one screen (${contact && contact.wrap_up})`);
  await agent.context().close();
}

// Scenario 2: an agent registers a fallen-tree call and sees the tree reported already; the
// caller joins that case, dispatched to the units it needs; a specialist of each unit closes
// their task in the work queue (one by opening the case, the others with a bulk action); the
// resident who reported it first sees it closed on the portal.
async function specialistScenario(browser, url, apiKey) {
  // A resident's app reports the tree where the console's map opens (the city centre).
  const body = new URLSearchParams({
    api_key: apiKey, jurisdiction_id: "wroclaw.pl", service_code: "fallen-tree", lat: "51.1079",
    long: "17.0385", address_string: "Rynek 1", description: "Drzewo przewróciło się na jezdnię",
    "attribute[blocking]": "roadway",
  });
  const [first] = await (await fetch(`${url}/open311/v2/requests.json`, { method: "POST", body })).json();
  const resident = first.service_request_id;

  // A driver calls about it; the agent registers the call in the console.
  const agent = await staffPage(browser, url, "ala");
  await agent.getByRole("button", { name: "Dostępny", exact: true }).click();
  await agent.getByRole("status").filter({ hasText: "Teraz: Dostępny" }).waitFor();
  await cti(url, { event: "offered", call: "e2e-tree", caller: "+48600300400", dialled: "19115" });
  await cti(url, { event: "answered", call: "e2e-tree", agent: "ala" });
  await agent.getByRole("heading", { level: 2, name: /telefon: \+48600300400/ }).waitFor();
  await agent.keyboard.press("Alt+r");
  await agent.keyboard.type("drzewo");
  await agent.getByRole("button", { name: /Powalone drzewo/ }).click();
  await agent.getByLabel("Adres", { exact: true }).fill("Rynek, przy pręgierzu");
  await agent.getByRole("group", { name: /Co blokuje/ }).getByLabel("Jezdnię").check();
  await agent.getByLabel("Opis").fill("Dzwoni kierowca: drzewo leży na jezdni");
  await agent.getByRole("button", { name: "Postaw pinezkę na środku mapy" }).click();
  await agent.getByRole("button", { name: "Sprawdź duplikaty i zapisz" }).click();
  const offered = agent.locator(".duplicates li").filter({ hasText: resident });
  await offered.waitFor();
  check(true, `the agent is shown the tree reported already (${resident})`);
  await shoot(agent, "console-duplicate-desktop");
  await offered.getByRole("button", { name: `Dołącz do ${resident}` }).click();
  await agent.getByRole("status").filter({ hasText: /Zarejestrowano zgłoszenie/ }).waitFor();
  check(true, "the caller joins the reported case");
  await cti(url, { event: "ended", call: "e2e-tree" });
  await agent.getByRole("button", { name: "Zakończ obsługę" }).click();
  await agent.locator(".contact-tab").filter({ hasText: "+48600300400" }).waitFor({ state: "detached" });
  await agent.context().close();
  const boss = await login(url, "boss");
  const master = await staff(url, boss, "GET", `cases/${resident}`);
  const units = master.body.tasks.map((t) => t.department).sort();
  check(units.length >= 2, `the case is dispatched to ${units.join(", ")}`);

  for (const [index, [who, unit]] of [["green", "greenery"], ["fire", "fire-brigade"], ["guard", "city-guard"]].entries()) {
    if (!units.includes(unit)) continue;
    const page = await staffPage(browser, url, who);
    await page.getByRole("heading", { name: "Zadania moich jednostek" }).waitFor();
    const row = page.locator("tr").filter({ hasText: resident });
    await row.waitFor();
    check(/^za /.test(await row.locator(".due").innerText()), `${who}: the task shows the time left (${await row.locator(".due").innerText()})`);
    if (index === 0) {
      await shoot(page, "staff-queue-desktop");
      await axe(page, "the specialists' work queue (desktop)");
      await row.getByRole("button", { name: resident }).click();
      await page.getByRole("heading", { level: 1, name: new RegExp(resident) }).waitFor();
      await page.getByLabel("Nowy stan zadania").selectOption("in_progress");
      await page.getByRole("button", { name: "Zapisz" }).click();
      await page.getByRole("status").filter({ hasText: "Zapisano." }).waitFor();
      await page.getByText("Stan zadania: w realizacji").waitFor();
      await page.getByLabel("Nowy stan zadania").selectOption("resolved");
      await page.getByLabel("Notatka").fill("Drzewo pocięte i wywiezione, jezdnia przejezdna.");
      await page.getByLabel("Widoczna dla mieszkańca").first().check();
      await page.getByRole("button", { name: "Zapisz" }).click();
      await page.getByText("Stan zadania: załatwione").waitFor();
      check(true, `${who}: the task is closed from the case's page, with a public note`);
      await shoot(page, "staff-case-desktop");
      await axe(page, "a case in the work queue (desktop)");
    } else {
      for (const state of ["in_progress", "resolved"]) {
        await page.getByRole("checkbox", { name: `Zaznacz ${resident}` }).check();
        await page.getByLabel("Zmień stan zaznaczonych na").selectOption(state);
        await page.getByRole("button", { name: "Zastosuj" }).click();
        await page.getByRole("status").filter({ hasText: "Zmieniono: 1. Nie udało się: 0." }).waitFor();
      }
      await page.locator("tr").filter({ hasText: resident }).waitFor({ state: "detached" });
      check(true, `${who}: the task is closed with a bulk action and leaves the queue`);
    }
    await page.context().close();
  }

  const context = await browser.newContext({ viewport: phone, locale: "pl-PL", bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${url}/track/${resident}`);
  await page.getByRole("heading", { level: 1, name: new RegExp(resident) }).waitFor();
  const tracked = await (await fetch(`${url}/api/v1/public/cases/${resident}`)).json();
  check(tracked.status === "fixed", `the resident's case is closed (${tracked.status})`);
  check((await page.locator(".status").innerText()) === tracked.status_label,
    `the resident's page shows it closed: "${tracked.status_label}"`);
  check((await page.locator(".timeline").innerText()).includes("Drzewo pocięte i wywiezione"),
    "the resident's page shows the unit's public note");
  await shoot(page, "track-closed-phone");
  await context.close();
}

// Scenario 4: the wallboard's numbers change as a call is offered, answered, and another is
// abandoned.
async function wallboardScenario(browser, url) {
  const board = await staffPage(browser, url, "boss");
  await board.getByRole("heading", { name: "Tablica Centrum Kontaktu" }).waitFor();
  const tile = board.locator('.tile[data-queue="voice-pl"]');
  await tile.waitFor();
  const read = async () => {
    const value = async (cls) => Number(await tile.locator(`dd.${cls}`).innerText());
    return { waiting: await value("waiting"), offered: await value("offered"), answered: await value("answered"), abandoned: await value("abandoned") };
  };
  const until = async (what, predicate) => {
    for (let i = 0; i < 40; i++) {
      const now = await read();
      if (predicate(now)) return now;
      await board.waitForTimeout(250);
    }
    const now = await read();
    check(false, `the wallboard shows ${what} (${JSON.stringify(now)})`);
    return now;
  };
  const before = await read();
  // Nobody is available: the call waits.
  await cti(url, { event: "offered", call: "e2e-board-1", caller: "+48600200300", dialled: "19115" });
  await until("a call offered and waiting", (n) => n.offered === before.offered + 1 && n.waiting === before.waiting + 1);
  check(true, "the wallboard counts the call offered and waiting");
  // An agent becomes available: the call rings at her and is answered.
  const ala = await login(url, "ala");
  await staff(url, ala, "POST", "contact/agents/me/state", { state: "available" });
  await board.locator("table.queue tr").filter({ hasText: "ala" }).filter({ hasText: "w rozmowie" }).waitFor();
  check(true, "the wallboard's agent list shows the agent taking the call");
  await cti(url, { event: "ringing", call: "e2e-board-1", agent: "ala" });
  await cti(url, { event: "answered", call: "e2e-board-1", agent: "ala" });
  await until("the call answered", (n) => n.answered === before.answered + 1 && n.waiting === before.waiting);
  check(true, "the wallboard counts the call answered");
  await cti(url, { event: "ended", call: "e2e-board-1" });
  await cti(url, { event: "offered", call: "e2e-board-2", caller: "+48600200301", dialled: "19115" });
  await until("a second call waiting", (n) => n.offered === before.offered + 2);
  await cti(url, { event: "abandoned", call: "e2e-board-2" });
  await until("the second call abandoned", (n) => n.abandoned === before.abandoned + 1 && n.waiting === before.waiting);
  check(true, "the wallboard counts the call abandoned");
  await board.locator(".alerts .alert").filter({ hasText: "porzuceń" }).waitFor();
  check(true, "crossing the abandonment threshold raises an alert");
  await shoot(board, "wallboard-desktop");
  await axe(board, "the supervisors' wallboard (desktop)");
  await board.context().close();
}

// The administration, a first cut: a user added who then logs in, an API key created, used and
// revoked, the city's categories with their questions and workflow.
async function adminScenario(browser, url) {
  const page = await staffPage(browser, url, "root");
  await page.getByRole("button", { name: "Administracja" }).click();
  await page.getByRole("heading", { name: "Użytkownicy i role" }).waitFor();
  await page.getByLabel("Użytkownik", { exact: true }).last().fill("nowy.agent");
  await page.getByLabel("Imię i nazwisko").fill("Nowy Agent");
  await page.getByLabel("Rola").selectOption("agent");
  await page.getByLabel("Hasło (co najmniej 10 znaków)").fill("haslo-nowego-agenta");
  await page.getByRole("button", { name: "Dodaj użytkownika" }).click();
  await page.getByRole("status").filter({ hasText: "Dodano użytkownika nowy.agent." }).waitFor();
  await page.locator("tr").filter({ hasText: "nowy.agent" }).waitFor();
  const agentLogin = await fetch(`${url}/api/v1/auth/login`, {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username: "nowy.agent", password: "haslo-nowego-agenta" }),
  });
  check(agentLogin.status === 200, `the new user logs in (${agentLogin.status})`);

  await page.getByLabel("Aplikacja").fill("Aplikacja dzielnicy");
  await page.getByRole("button", { name: "Utwórz klucz" }).click();
  const secret = (await page.locator("code.secret").innerText()).trim();
  const body = () => new URLSearchParams({
    api_key: secret, jurisdiction_id: "wroclaw.pl", service_code: "graffiti",
    address_string: "ul. Kuźnicza 1", description: "Napis na murze",
  });
  const used = await fetch(`${url}/open311/v2/requests.json`, { method: "POST", body: body() });
  check(used.status === 200, `the new key sends an Open311 report (${used.status})`);
  await shoot(page, "admin-desktop");
  await axe(page, "the administration (desktop)");
  await page.getByRole("button", { name: "Unieważnij klucz Aplikacja dzielnicy" }).click();
  await page.getByText("(unieważniony)").waitFor();
  const refused = await fetch(`${url}/open311/v2/requests.json`, { method: "POST", body: body() });
  check(refused.status === 403, `a revoked key is refused (${refused.status})`);
  await page.locator("summary").filter({ hasText: "Kategorie zgłoszeń" }).click();
  const row = page.locator("tr").filter({ hasText: "Dziura w jezdni" });
  check((await row.innerText()).includes("Zarząd Dróg Miejskich") && (await row.innerText()).includes("Jak duża jest dziura?"),
    "the city's categories show their questions and the unit they go to");
  await page.context().close();
}

// Every page at both sizes, each looked at by axe-core and photographed.
async function galleryScenario(browser, url, number) {
  for (const [label, size] of [["phone", phone], ["desktop", desktop]]) {
    const context = await browser.newContext({ viewport: size, locale: "pl-PL", bypassCSP: true });
    const page = await context.newPage();
    const pages = [
      ["home", "/", "Najczęstsze pytania"],
      ["report", "/report", "Zgłoś problem w mieście"],
      ["map", "/map", "Zgłoszenia na mapie"],
      ["article", "/faq/1", null],
      ["track", `/track/${number}`, number],
      ["sent", `/reported/${number}`, "Dziękujemy! Zgłoszenie przyjęte."],
      ["saved", "/report/saved", "Zgłoś problem w mieście"],
      ["staff-login", "/staff", "Zaloguj się"],
    ];
    for (const [name, path, heading] of pages) {
      await page.goto(url + path);
      if (heading) await page.getByRole("heading", { level: 1, name: heading }).first().waitFor();
      else await page.locator("h1").first().waitFor();
      if (name === "report") {
        await page.getByRole("searchbox", { name: "Co chcesz zgłosić?" }).fill("dziura");
        await page.getByRole("button", { name: /Dziura w jezdni/ }).click();
        await page.getByRole("group", { name: /Jak duża jest dziura/ }).waitFor();
      }
      await shoot(page, `page-${name}-${label}`);
      await axe(page, `${path} (${label})`);
    }
    await context.close();
    for (const [who, heading] of [["ala", "Konsola konsultanta"], ["green", "Zadania moich jednostek"], ["boss", "Tablica Centrum Kontaktu"]]) {
      const staffView = await staffPage(browser, url, who, size);
      await staffView.getByRole("heading", { level: 1, name: heading }).waitFor();
      await shoot(staffView, `page-staff-${who}-${label}`);
      await axe(staffView, `the staff screen of ${who} (${label})`);
      await staffView.context().close();
    }
  }
}

// The pages under the server's real Content-Security-Policy (the other scenarios lift it to
// inject axe-core): the portal, its map and chat, and a staff screen with its WebSocket work,
// and the browser reports no violation.
async function cspScenario(browser, url) {
  const context = await browser.newContext({ viewport: desktop, locale: "pl-PL" });
  const page = await context.newPage();
  const violations = [];
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  await page.goto(url + "/report");
  await page.getByRole("searchbox", { name: "Co chcesz zgłosić?" }).fill("dziura");
  await page.getByRole("button", { name: /Dziura w jezdni/ }).click();
  await page.locator(".leaflet-container").waitFor();
  await page.getByRole("button", { name: "Czat z konsultantem" }).click();
  await page.getByRole("button", { name: "Rozpocznij czat" }).click();
  await page.getByText(/Czekasz na konsultanta|Konsultant jest z Tobą/).waitFor();
  await logIn(page, url, "boss");
  await page.locator(".tile").first().waitFor();
  await page.locator(".chart canvas").waitFor();
  check(violations.length === 0, `no Content-Security-Policy violation in the portal and the wallboard${violations.length ? ": " + violations.join("; ") : ""}`);
  await context.close();
}

// The report form with the keyboard alone: Tab to each field, type, Space and Enter.
async function keyboardScenario(browser, url) {
  const context = await browser.newContext({ viewport: desktop, locale: "pl-PL", bypassCSP: true });
  const page = await context.newPage();
  await page.goto(url + "/report");
  await page.getByRole("heading", { level: 1, name: "Zgłoś problem w mieście" }).waitFor();
  const tabTo = async (selector, what) => {
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press("Tab");
      if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return;
    }
    throw new Error(`Tab never reached ${what}`);
  };
  await tabTo("#category-search", "the category search");
  await page.keyboard.type("graffiti");
  await tabTo("button.choice", "the first category found");
  await page.keyboard.press("Enter");
  await page.getByText("Wybrano: Graffiti").waitFor();
  await tabTo("#address", "the address");
  await page.keyboard.type("ul. Nożownicza 1, Wrocław");
  await tabTo("#description", "the description");
  await page.keyboard.type("Napis sprayem na drzwiach kamienicy");
  await tabTo("button[type=submit]", "the send button");
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { level: 1, name: "Dziękujemy! Zgłoszenie przyjęte." }).waitFor();
  check(true, "a report is written and sent with the keyboard alone");
  await context.close();
}

async function main() {
  rmSync(output, { recursive: true, force: true });
  mkdirSync(output, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), "ratusz-e2e-"));
  const { server, url, apiKey } = await startRatusz(dataDir);
  const browser = await chromium.launch({ executablePath: browserPath, args: ["--no-sandbox"] });
  try {
    await faqScenario(browser, url, { width: 390, height: 844 }, "phone");
    await faqScenario(browser, url, { width: 1280, height: 800 }, "desktop");
    const number = await report(url, apiKey);
    await trackScenario(browser, url, number, { width: 390, height: 844 }, "phone");
    await trackScenario(browser, url, number, { width: 1280, height: 800 }, "desktop");
    const reported = await reportScenario(browser, url);
    await duplicateScenario(browser, url, number);
    await offlineScenario(browser, url);
    await mapScenario(browser, url, reported, phone, "phone");
    await mapScenario(browser, url, reported, desktop, "desktop");
    await chatScenario(browser, url);
    await callScenario(browser, url);
    await wallboardScenario(browser, url);
    await adminScenario(browser, url);
    await galleryScenario(browser, url, reported);
    await cspScenario(browser, url);
    await keyboardScenario(browser, url);
    await specialistScenario(browser, url, apiKey);
  } catch (e) {
    failures.push(String(e && e.stack ? e.stack : e));
    console.log(`FAIL ${e}`);
  } finally {
    await browser.close();
    server.kill("SIGTERM");
    rmSync(dataDir, { recursive: true, force: true });
  }
  console.log(`screenshots in ${output}`);
  if (failures.length) {
    console.error(`${failures.length} failure(s)`);
    process.exit(1);
  }
  console.log("all end-to-end checks passed");
}

main();
