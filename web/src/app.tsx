// The resident portal: reporting a problem, following a report, the map of reports, the
// city's answers (the public FAQ of the knowledge base) and a chat with the contact centre from
// any page. Reports written offline wait on the device and are sent when the connection returns.

import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import {
  getArticle,
  getPortal,
  listFaq,
  searchFaq,
  sendReport,
  vote,
  type FaqArticle,
  type FieldError,
  type SentReport,
} from "./api";
import { Chat } from "./chat";
import { debounce } from "./debounce";
import { pickLanguage, t, type Language } from "./i18n";
import { forget, outcomeOf, waiting } from "./outbox";
import { BackLink, useLoaded } from "./page";
import { PublicMap } from "./publicmap";
import { ReportForm } from "./report";
import { TrackForm, Tracked } from "./track";

// What the address shows.
type Page =
  | { kind: "home" }
  | { kind: "article"; id: number }
  | { kind: "track"; number: string }
  | { kind: "report" }
  | { kind: "sent"; report: SentReport }
  | { kind: "saved"; busy: boolean }
  | { kind: "map" };

export function pageFromPath(path: string): Page {
  const article = /^\/faq\/(\d+)$/.exec(path);
  if (article) return { kind: "article", id: Number(article[1]) };
  const tracked = /^\/track\/([^/]+)$/.exec(path);
  if (tracked) return { kind: "track", number: decodeURIComponent(tracked[1]) };
  const sent = /^\/reported\/([^/]+)$/.exec(path);
  if (sent) return { kind: "sent", report: { number: decodeURIComponent(sent[1]), emergency: false } };
  if (path === "/report") return { kind: "report" };
  if (path === "/report/saved") return { kind: "saved", busy: false };
  if (path === "/map") return { kind: "map" };
  return { kind: "home" };
}

export function pathOf(page: Page): string {
  switch (page.kind) {
    case "article":
      return `/faq/${page.id}`;
    case "track":
      return `/track/${encodeURIComponent(page.number)}`;
    case "sent":
      return `/reported/${encodeURIComponent(page.report.number)}`;
    case "report":
      return "/report";
    case "saved":
      return "/report/saved";
    case "map":
      return "/map";
    default:
      return "/";
  }
}

// What became of reports kept offline, once they were sent.
type Delivered = { number: string } | { errors: FieldError[] };

export function App() {
  const [language, setLanguage] = useState<Language>(() =>
    pickLanguage(localStorage.getItem("ratusz.language"), navigator.languages ?? []),
  );
  const [page, setPage] = useState<Page>(() => pageFromPath(location.pathname));
  const { value: portal, failed: portalFailed } = useLoaded(() => getPortal(language), [language]);
  const [delivered, setDelivered] = useState<Delivered[]>([]);
  const [pending, setPending] = useState(0);

  useEffect(() => {
    document.documentElement.lang = language;
    document.title = `Ratusz — ${t("title", language)}`;
    localStorage.setItem("ratusz.language", language);
  }, [language]);
  useEffect(() => {
    const onPop = () => setPage(pageFromPath(location.pathname));
    addEventListener("popstate", onPop);
    return () => removeEventListener("popstate", onPop);
  }, []);

  // Reports kept offline go when the connection returns (and at every start), one at a time.
  const flushing = useRef(false);
  const flush = async () => {
    if (flushing.current || typeof indexedDB === "undefined") return;
    flushing.current = true;
    try {
      for (const report of await waiting()) {
        const result = await sendReport(report);
        const outcome = outcomeOf(result.status);
        if (outcome === "keep") break;
        await forget(report.key);
        const sent = "report" in result ? result.report : undefined;
        setDelivered((d) => [
          ...d,
          sent ? { number: sent.number } : { errors: ("errors" in result && result.errors) || [] },
        ]);
      }
      setPending((await waiting()).length);
    } catch {
      // IndexedDB unavailable (a private window): nothing was kept, nothing to send.
    } finally {
      flushing.current = false;
    }
  };
  useEffect(() => {
    void flush();
    addEventListener("online", flush);
    // Also every few minutes while reports wait (the city may have asked them to wait).
    const timer = setInterval(() => void flush(), 180000);
    return () => (removeEventListener("online", flush), clearInterval(timer));
  }, []);

  const show = (next: Page) => {
    history.pushState(null, "", pathOf(next));
    setPage(next);
    scrollTo(0, 0);
  };
  const home = () => show({ kind: "home" });
  const track = (number: string) => show({ kind: "track", number });
  const other: Language = language === "pl" ? "en" : "pl";

  return (
    <>
      <a class="skip" href="#main">
        {language === "pl" ? "Przejdź do treści" : "Skip to content"}
      </a>
      <header class="bar">
        <a class="brand" href="/" onClick={(e) => (e.preventDefault(), home())}>
          Ratusz <span>{portal ? portal.name : t("title", language)}</span>
        </a>
        <button
          type="button"
          class="lang"
          lang={other}
          aria-label={t("switchLabel", language)}
          onClick={() => setLanguage(other)}
        >
          {t("switchTo", language)}
        </button>
      </header>
      <main id="main">
        <p class="emergency">{t("emergency", language)}</p>
        <div aria-live="polite">
          {pending > 0 && <p class="notice">{t("waitingReports", language, { n: pending })}</p>}
          {delivered.map((d, i) =>
            "number" in d ? (
              <p key={i} class="notice" role="status">
                {t("sentLater", language)}{" "}
                <a href={`/track/${d.number}`} onClick={(e) => (e.preventDefault(), track(d.number))}>
                  {d.number}
                </a>
              </p>
            ) : (
              <p key={i} class="notice" role="alert">
                {t("refusedLater", language)} {d.errors.map((e) => e.message).join("; ")}
              </p>
            ),
          )}
        </div>
        {portalFailed && page.kind !== "home" && <p role="alert">{t("loadError", language)}</p>}
        {page.kind === "home" && (
          <>
            <nav class="actions" aria-label={t("title", language)}>
              <a class="big" href="/report" onClick={(e) => (e.preventDefault(), show({ kind: "report" }))}>
                {t("reportButton", language)}
              </a>
              <a class="big secondary" href="/map" onClick={(e) => (e.preventDefault(), show({ kind: "map" }))}>
                {t("mapButton", language)}
              </a>
            </nav>
            <TrackForm language={language} onTrack={track} />
            <Faq language={language} onOpen={(id) => show({ kind: "article", id })} />
          </>
        )}
        {page.kind === "report" && portal && (
          <ReportForm
            portal={portal}
            language={language}
            onSent={(report) => show({ kind: "sent", report })}
            onSaved={(busy) => (show({ kind: "saved", busy }), void flush())}
            onTrack={track}
            onArticle={(id) => show({ kind: "article", id })}
          />
        )}
        {page.kind === "sent" && (
          <Sent report={page.report} language={language} onTrack={track} onAnother={() => show({ kind: "report" })} />
        )}
        {page.kind === "saved" && (
          <section>
            <h1>{t("reportHeading", language)}</h1>
            <p role="status" class="notice">
              {t(page.busy ? "savedBusy" : "savedOffline", language)}
            </p>
            <BackLink language={language} onBack={home} />
          </section>
        )}
        {page.kind === "map" && portal && <PublicMap portal={portal} language={language} onTrack={track} />}
        {page.kind === "article" && <Article id={page.id} language={language} onBack={home} />}
        {page.kind === "track" && <Tracked number={page.number} language={language} onBack={home} />}
      </main>
      {portal?.chat && <Chat language={language} />}
    </>
  );
}

// After sending: the number, large and easy to read out, and the way to follow it.
function Sent(props: { report: SentReport; language: Language; onTrack: (n: string) => void; onAnother: () => void }) {
  const { report, language, onTrack, onAnother } = props;
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [report.number]);
  const number = report.merged_into ?? report.number;
  return (
    <section class="sent">
      <h1 tabIndex={-1} ref={heading}>
        {t("sentHeading", language)}
      </h1>
      <p>{t("sentNumber", language)}:</p>
      <p class="number">{report.number}</p>
      <p>{t("sentHint", language)}</p>
      {report.emergency && <p class="emergency" role="alert">{t("sentEmergency", language)}</p>}
      <p>
        <a class="big" href={`/track/${number}`} onClick={(e) => (e.preventDefault(), onTrack(number))}>
          {t("followLink", language)}
        </a>
      </p>
      <p>
        <a href="/report" onClick={(e) => (e.preventDefault(), onAnother())}>
          {t("another", language)}
        </a>
      </p>
    </section>
  );
}

function Faq({ language, onOpen }: { language: Language; onOpen: (id: number) => void }) {
  const [query, setQuery] = useState("");
  const [articles, setArticles] = useState<FaqArticle[] | null>(null);
  const [failed, setFailed] = useState(false);
  const pending = useRef<AbortController | null>(null);

  const search = useMemo(
    () =>
      debounce((q: string, lang: Language) => {
        pending.current?.abort();
        const controller = new AbortController();
        pending.current = controller;
        const found = q.trim() === "" ? listFaq(lang) : searchFaq(q, lang, controller.signal);
        found.then(
          (list) => (setArticles(list), setFailed(false)),
          (e: unknown) => {
            if (!(e instanceof DOMException && e.name === "AbortError")) setFailed(true);
          },
        );
      }, 150),
    [],
  );
  useEffect(() => search(query, language), [query, language]);

  return (
    <section aria-labelledby="faq-heading">
      <h1 id="faq-heading">{t("faqHeading", language)}</h1>
      <label for="faq-search">{t("searchLabel", language)}</label>
      <input
        id="faq-search"
        type="search"
        autocomplete="off"
        aria-describedby="faq-hint"
        aria-controls="faq-results"
        value={query}
        onInput={(e) => setQuery((e.target as HTMLInputElement).value)}
      />
      <p id="faq-hint" class="hint">
        {t("searchHint", language)}
      </p>
      {failed && <p role="alert">{t("loadError", language)}</p>}
      <div id="faq-results" aria-live="polite">
        {articles !== null && articles.length === 0 && <p>{t("noResults", language)}</p>}
        {articles !== null && articles.length > 0 && (
          <ul class="articles" aria-label={t("results", language)}>
            {articles.map((a) => (
              <li key={a.id}>
                <a
                  href={`/faq/${a.id}`}
                  lang={a.language}
                  onClick={(e) => (e.preventDefault(), onOpen(a.id))}
                >
                  {a.title}
                </a>
                <p lang={a.language}>{a.snippet}</p>
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}

function Article(props: { id: number; language: Language; onBack: () => void }) {
  const { id, language, onBack } = props;
  const { value: article, failed } = useLoaded(() => getArticle(id, language), [id, language]);
  const [voted, setVoted] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [article?.id]);

  return (
    <article>
      <BackLink language={language} onBack={onBack} />
      {failed && <p role="alert">{t("loadError", language)}</p>}
      {article && (
        <>
          <h1 tabIndex={-1} ref={heading} lang={article.language}>
            {article.title}
          </h1>
          {/* The server renders Markdown safely (cmark: no raw HTML, no javascript: links). */}
          <div class="body" lang={article.language} dangerouslySetInnerHTML={{ __html: article.html ?? "" }} />
          <div class="vote" role="group" aria-labelledby="vote-question">
            <span id="vote-question">{t("helped", language)}</span>
            {voted ? (
              <span role="status">{t("thanks", language)}</span>
            ) : (
              <>
                <button type="button" onClick={() => vote(id, true).finally(() => setVoted(true))}>
                  {t("yes", language)}
                </button>
                <button type="button" onClick={() => vote(id, false).finally(() => setVoted(true))}>
                  {t("no", language)}
                </button>
              </>
            )}
          </div>
        </>
      )}
    </article>
  );
}
