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

const failures = [];
function check(ok, what) {
  if (!ok) failures.push(what);
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
}

async function startRatusz(dataDir) {
  const env = { ...process.env, RATUSZ_SERVER__WEB_DIR: join(source, "web", "dist") };
  const base = ["--data-dir", dataDir];
  const imported = spawnSync(bin, [...base, "kb", "import", join(source, "config", "demo", "knowledge_base.json")], { env, encoding: "utf8" });
  if (imported.status !== 0) throw new Error(`kb import failed: ${imported.stderr}`);
  const key = spawnSync(bin, [...base, "apikey", "create", "--name", "e2e"], { env, encoding: "utf8" });
  if (key.status !== 0) throw new Error(`apikey create failed: ${key.stderr}`);
  const apiKey = key.stdout.trim().split("\n").pop();
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
