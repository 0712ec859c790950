// Following a case by its number: the number large and easy to read out, the status, the
// expected date, the photos and what happened, in the city's time.

import { useEffect, useRef, useState } from "preact/hooks";
import { cityTime, trackCase } from "./api";
import { BackLink, useLoaded } from "./page";
import { t, type Language } from "./i18n";

export function TrackForm(props: { language: Language; onTrack: (number: string) => void }) {
  const { language, onTrack } = props;
  const [number, setNumber] = useState("");
  return (
    <section aria-labelledby="track-heading" class="track">
      <h2 id="track-heading">{t("trackHeading", language)}</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (number.trim() !== "") onTrack(number.trim().toUpperCase());
        }}
      >
        <label for="track-number">{t("trackLabel", language)}</label>
        <div class="row">
          <input
            id="track-number"
            autocomplete="off"
            autocapitalize="characters"
            spellcheck={false}
            aria-describedby="track-hint"
            value={number}
            onInput={(e) => setNumber((e.target as HTMLInputElement).value)}
          />
          <button type="submit">{t("trackButton", language)}</button>
        </div>
        <p id="track-hint" class="hint">
          {t("trackHint", language)}
        </p>
      </form>
    </section>
  );
}

export function Tracked(props: { number: string; language: Language; onBack: () => void }) {
  const { number, language, onBack } = props;
  const { value: found, failed } = useLoaded(() => trackCase(number, language), [number, language]);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [found]);

  return (
    <article>
      <BackLink language={language} onBack={onBack} />
      {failed && <p role="alert">{t("loadError", language)}</p>}
      {found === null && (
        <p role="alert" tabIndex={-1}>
          {t("trackNotFound", language)}
        </p>
      )}
      {found && (
        <>
          <h1 tabIndex={-1} ref={heading}>
            {t("caseNumber", language)} <span class="number">{found.number}</span>
          </h1>
          <p class="service">{found.service_name}</p>
          {found.address && <p>{found.address}</p>}
          <dl class="facts">
            <dt>{t("status", language)}</dt>
            <dd class="status">{found.status_label}</dd>
            {found.expected_at && (
              <>
                <dt>{t("expected", language)}</dt>
                <dd>{cityTime(found.expected_at, found.time_zone, language)}</dd>
              </>
            )}
            {found.merged_into && (
              <>
                <dt>{t("mergedInto", language)}</dt>
                <dd>{found.merged_into}</dd>
              </>
            )}
          </dl>
          {found.media_urls.map((url) => (
            <img class="photo" src={url} alt={t("photo", language)} loading="lazy" />
          ))}
          <h2>{t("history", language)}</h2>
          <ol class="timeline">
            {found.timeline.map((e) => (
              <li key={e.at + e.kind}>
                <time dateTime={e.at}>{cityTime(e.at, found.time_zone, language)}</time>
                <strong>{e.status_label}</strong>
                {e.note && <p>{e.note}</p>}
              </li>
            ))}
          </ol>
        </>
      )}
    </article>
  );
}
