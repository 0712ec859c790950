// The resident portal. This first part: the city's answers (the public FAQ of the knowledge
// base), searched while the resident types, each answer readable and rated.

import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { getArticle, listFaq, searchFaq, vote, type FaqArticle } from "./api";
import { debounce } from "./debounce";
import { pickLanguage, t, type Language } from "./i18n";
import { BackLink, useLoaded } from "./page";
import { TrackForm, Tracked } from "./track";

// What the address shows: the FAQ, an answer, or a case being followed.
type Page = { kind: "home" } | { kind: "article"; id: number } | { kind: "track"; number: string };

function pageFromPath(): Page {
  const article = /^\/faq\/(\d+)$/.exec(location.pathname);
  if (article) return { kind: "article", id: Number(article[1]) };
  const tracked = /^\/track\/([^/]+)$/.exec(location.pathname);
  if (tracked) return { kind: "track", number: decodeURIComponent(tracked[1]) };
  return { kind: "home" };
}

function pathOf(page: Page): string {
  if (page.kind === "article") return `/faq/${page.id}`;
  if (page.kind === "track") return `/track/${encodeURIComponent(page.number)}`;
  return "/";
}

export function App() {
  const [language, setLanguage] = useState<Language>(() =>
    pickLanguage(localStorage.getItem("ratusz.language"), navigator.languages ?? []),
  );
  const [page, setPage] = useState<Page>(pageFromPath);

  useEffect(() => {
    document.documentElement.lang = language;
    document.title = `Ratusz — ${t("title", language)}`;
    localStorage.setItem("ratusz.language", language);
  }, [language]);
  useEffect(() => {
    const onPop = () => setPage(pageFromPath());
    addEventListener("popstate", onPop);
    return () => removeEventListener("popstate", onPop);
  }, []);

  const show = (next: Page) => {
    history.pushState(null, "", pathOf(next));
    setPage(next);
  };
  const home = () => show({ kind: "home" });
  const other: Language = language === "pl" ? "en" : "pl";

  return (
    <>
      <header class="bar">
        <a class="brand" href="/" onClick={(e) => (e.preventDefault(), home())}>
          Ratusz <span>{t("title", language)}</span>
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
        {page.kind === "home" && (
          <>
            <TrackForm language={language} onTrack={(number) => show({ kind: "track", number })} />
            <Faq language={language} onOpen={(id) => show({ kind: "article", id })} />
          </>
        )}
        {page.kind === "article" && <Article id={page.id} language={language} onBack={home} />}
        {page.kind === "track" && (
          <Tracked number={page.number} language={language} onBack={home} />
        )}
      </main>
    </>
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
