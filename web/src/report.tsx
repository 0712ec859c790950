// Reporting a problem, on a phone in under a minute: the category (searched or browsed), the
// place (a pin, "near me", or an address — the map is never required), the category's own
// questions, a description (with the city's answers offered while it is typed), photos made
// smaller in the browser, and contact details only with the consent text shown. Open reports
// of the same kind nearby are offered to follow instead. Without a connection the report is
// kept on the device and sent when the connection returns.

import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import {
  listServices,
  nearbyReports,
  searchFaq,
  sendReport,
  serviceQuestions,
  type Attribute,
  type Candidate,
  type FaqArticle,
  type FieldError,
  type Portal,
  type SentReport,
} from "./api";
import { byGroup, findServices, type Service } from "./categories";
import { debounce } from "./debounce";
import { t, type Language } from "./i18n";
import { CityMap, type Point } from "./map";
import { keep, outcomeOf, type PendingReport } from "./outbox";
import { useLoaded } from "./page";
import { shrinkPhoto } from "./photos";

interface Props {
  portal: Portal;
  language: Language;
  onSent: (report: SentReport) => void;
  onSaved: (busy: boolean) => void; // Kept on the device: offline, or the city asked to wait.
  onTrack: (number: string) => void;
  onArticle: (id: number) => void;
}

type Answers = Record<string, string[]>;

interface Photo {
  name: string;
  blob: Blob;
  url: string; // An object URL for the preview.
}

export function newKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export function ReportForm({ portal, language, onSent, onSaved, onTrack, onArticle }: Props) {
  const { value: services, failed } = useLoaded(() => listServices(portal, language), [portal, language]);
  const [query, setQuery] = useState("");
  const [chosen, setChosen] = useState<Service | null>(null);
  const { value: questions } = useLoaded(
    () => (chosen?.metadata ? serviceQuestions(portal, chosen.service_code, language) : Promise.resolve([])),
    [chosen?.service_code, language],
  );
  const [answers, setAnswers] = useState<Answers>({});
  const [pin, setPin] = useState<Point | null>(null);
  const [locating, setLocating] = useState<"" | "busy" | "failed" | "done">("");
  const [address, setAddress] = useState("");
  const [description, setDescription] = useState("");
  const [photos, setPhotos] = useState<Photo[]>([]);
  const [photoFailed, setPhotoFailed] = useState(false);
  const [contact, setContact] = useState({ first_name: "", last_name: "", email: "", phone: "" });
  const [consent, setConsent] = useState(false);
  const [candidates, setCandidates] = useState<Candidate[]>([]);
  const [articles, setArticles] = useState<FaqArticle[]>([]);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [sending, setSending] = useState(false);
  const summary = useRef<HTMLDivElement>(null);

  // Open reports of this kind near the pin, as the resident places it.
  useEffect(() => {
    setCandidates([]);
    if (!chosen || !pin) return;
    let gone = false;
    nearbyReports(portal, chosen.service_code, pin, description).then(
      (list) => !gone && setCandidates(list),
      () => undefined, // Only a suggestion: without it the resident still reports.
    );
    return () => void (gone = true);
  }, [chosen?.service_code, pin]);

  // The city's answers for what is being typed (perhaps a question, not a problem).
  const suggest = useMemo(
    () =>
      debounce((text: string, lang: Language) => {
        if (text.trim().length < 12) return setArticles([]);
        searchFaq(text, lang).then((list) => setArticles(list.slice(0, 3)), () => setArticles([]));
      }, 400),
    [],
  );
  useEffect(() => suggest(description, language), [description, language]);

  useEffect(() => () => photos.forEach((p) => URL.revokeObjectURL(p.url)), []);

  const found = useMemo(() => (services ? findServices(services, query) : []), [services, query]);
  const contactGiven = Object.values(contact).some((v) => v.trim() !== "");
  const errorFor = (field: string) => errors.find((e) => e.field === field)?.message;

  const choose = (service: Service) => {
    setChosen(service);
    setAnswers({});
    setErrors([]);
  };

  const nearMe = () => {
    if (!navigator.geolocation) return setLocating("failed");
    setLocating("busy");
    navigator.geolocation.getCurrentPosition(
      (p) => (setPin({ lat: p.coords.latitude, lon: p.coords.longitude }), setLocating("done")),
      () => setLocating("failed"),
      { enableHighAccuracy: true, timeout: 15000 },
    );
  };

  const addPhotos = async (files: FileList | null) => {
    setPhotoFailed(false);
    const room = portal.max_photos - photos.length;
    const added: Photo[] = [];
    for (const file of Array.from(files ?? []).slice(0, Math.max(0, room))) {
      try {
        const blob = await shrinkPhoto(file);
        const name = file.name.replace(/\.[^.]*$/, "") + ".jpg";
        added.push({ name, blob, url: URL.createObjectURL(blob) });
      } catch {
        setPhotoFailed(true);
      }
    }
    setPhotos((list) => [...list, ...added]);
  };

  const check = (): FieldError[] => {
    const found: FieldError[] = [];
    if (!chosen) found.push({ field: "service_code", message: t("whatLabel", language) });
    if (!pin && address.trim() === "") found.push({ field: "lat", message: t("whereMissing", language) });
    for (const q of questions ?? []) {
      if (q.required && (answers[q.code] ?? []).every((v) => v.trim() === "")) {
        found.push({ field: `attribute[${q.code}]`, message: `${q.description} ${t("required", language)}` });
      }
    }
    if (contactGiven && !consent) found.push({ field: "consent", message: t("consentMissing", language) });
    return found;
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    const problems = check();
    setErrors(problems);
    if (problems.length > 0 || !chosen) {
      requestAnimationFrame(() => summary.current?.focus());
      return;
    }
    const fields: [string, string][] = [["service_code", chosen.service_code]];
    if (pin) fields.push(["lat", pin.lat.toFixed(6)], ["long", pin.lon.toFixed(6)]);
    if (address.trim()) fields.push(["address_string", address.trim()]);
    if (description.trim()) fields.push(["description", description.trim()]);
    for (const q of questions ?? []) {
      for (const v of answers[q.code] ?? []) {
        if (v.trim() === "") continue;
        // A datetime-local field is the resident's local time; the server takes W3C with a zone.
        const value = q.datatype === "datetime" ? new Date(v).toISOString().replace(/\.\d+Z$/, "Z") : v;
        fields.push([`attribute[${q.code}]`, value]);
      }
    }
    for (const [name, value] of Object.entries(contact)) if (value.trim()) fields.push([name, value.trim()]);
    if (contactGiven && portal.consent) fields.push(["consent", portal.consent.version]);
    const report: PendingReport = {
      key: newKey(),
      fields,
      photos: photos.map((p) => ({ name: p.name, blob: p.blob })),
      created: new Date().toISOString(),
    };
    setSending(true);
    const result = navigator.onLine ? await sendReport(report) : { status: "network" as const };
    setSending(false);
    const outcome = outcomeOf(result.status);
    if (outcome === "sent" && "report" in result && result.report) return onSent(result.report);
    if (outcome === "keep") {
      try {
        await keep(report);
        return onSaved(result.status === 429);
      } catch {
        setErrors([{ message: t("loadError", language) }]);
      }
    } else {
      setErrors("errors" in result && result.errors?.length ? result.errors : [{ message: t("loadError", language) }]);
    }
    requestAnimationFrame(() => summary.current?.focus());
  };

  return (
    <form class="report" onSubmit={submit} noValidate>
      <h1>{t("reportHeading", language)}</h1>
      <div ref={summary} tabIndex={-1} role={errors.length ? "alert" : undefined}>
        {errors.length > 0 && (
          <div class="errors">
            <p>{t("fixErrors", language)}</p>
            <ul>
              {errors.map((e) => (
                <li key={`${e.field}-${e.message}`}>{e.message}</li>
              ))}
            </ul>
          </div>
        )}
      </div>

      <section aria-labelledby="what-heading">
        <h2 id="what-heading">{t("whatLabel", language)}</h2>
        {failed && <p role="alert">{t("loadError", language)}</p>}
        {chosen ? (
          <p class="chosen">
            <span>
              {t("chosen", language)}: <strong>{chosen.service_name}</strong>
            </span>
            <button type="button" class="secondary" onClick={() => setChosen(null)}>
              {t("change", language)}
            </button>
          </p>
        ) : (
          <Categories
            language={language}
            query={query}
            onQuery={setQuery}
            services={services ?? []}
            found={found}
            onChoose={choose}
            error={errorFor("service_code")}
          />
        )}
      </section>

      {chosen && (
        <>
          <section aria-labelledby="where-heading">
            <h2 id="where-heading">{t("whereHeading", language)}</h2>
            <CityMap portal={portal} language={language} label={t("mapLabel", language)} pin={pin} onPin={setPin} />
            <button type="button" class="secondary" onClick={nearMe}>
              {t("nearMe", language)}
            </button>
            <p role="status" class="hint">
              {locating === "busy" && t("locating", language)}
              {locating === "failed" && t("noLocation", language)}
              {pin && `${t("located", language)}: ${pin.lat.toFixed(5)}, ${pin.lon.toFixed(5)}`}
            </p>
            <label for="address">{t("addressLabel", language)}</label>
            <input
              id="address"
              class="text"
              autocomplete="street-address"
              aria-describedby="address-hint"
              aria-invalid={errorFor("lat") || errorFor("address_string") ? true : undefined}
              value={address}
              maxLength={500}
              onInput={(e) => setAddress((e.target as HTMLInputElement).value)}
            />
            <p id="address-hint" class="hint">
              {errorFor("lat") ?? errorFor("address_string") ?? t("addressHint", language)}
            </p>
          </section>

          {candidates.length > 0 && (
            <section aria-labelledby="dup-heading" class="duplicates">
              <h2 id="dup-heading">{t("duplicates", language)}</h2>
              <p>{t("duplicatesHint", language)}</p>
              <ul>
                {candidates.map((c) => (
                  <li key={c.number}>
                    <strong>{c.number}</strong> — {t("metresAway", language, { n: Math.round(c.distance_m) })}{" "}
                    <a href={`/track/${c.number}`} onClick={(e) => (e.preventDefault(), onTrack(c.number))}>
                      {t("followThis", language)}
                    </a>
                  </li>
                ))}
              </ul>
            </section>
          )}

          {(questions ?? []).length > 0 && (
            <section aria-labelledby="questions-heading">
              <h2 id="questions-heading">{t("questions", language)}</h2>
              {(questions ?? []).map((q) => (
                <Question
                  key={q.code}
                  question={q}
                  language={language}
                  values={answers[q.code] ?? []}
                  error={errorFor(`attribute[${q.code}]`)}
                  onChange={(values) => setAnswers((a) => ({ ...a, [q.code]: values }))}
                />
              ))}
            </section>
          )}

          <section>
            <label for="description">{t("descriptionLabel", language)}</label>
            <textarea
              id="description"
              rows={4}
              maxLength={4000}
              aria-describedby="description-hint"
              value={description}
              onInput={(e) => setDescription((e.target as HTMLTextAreaElement).value)}
            />
            <p id="description-hint" class="hint">
              {errorFor("description") ?? t("descriptionHint", language)}
            </p>
            <div aria-live="polite">
              {articles.length > 0 && (
                <div class="offer">
                  <p>{t("faqOffer", language)}</p>
                  <ul>
                    {articles.map((a) => (
                      <li key={a.id}>
                        <a href={`/faq/${a.id}`} lang={a.language} onClick={(e) => (e.preventDefault(), onArticle(a.id))}>
                          {a.title}
                        </a>
                      </li>
                    ))}
                  </ul>
                </div>
              )}
            </div>
          </section>

          {portal.max_photos > 0 && (
            <section>
              <label for="photos">{t("photosLabel", language)}</label>
              <input
                id="photos"
                type="file"
                accept="image/*"
                multiple
                aria-describedby="photos-hint"
                disabled={photos.length >= portal.max_photos}
                onChange={(e) => {
                  const input = e.target as HTMLInputElement;
                  void addPhotos(input.files).then(() => (input.value = ""));
                }}
              />
              <p id="photos-hint" class="hint">
                {errorFor("photo") ?? t("photosHint", language, { n: portal.max_photos })}
              </p>
              {photoFailed && <p role="alert">{t("photoFailed", language)}</p>}
              <ul class="thumbs">
                {photos.map((p, i) => (
                  <li key={p.url}>
                    <img src={p.url} alt={`${t("photo", language)} ${i + 1}`} />
                    <button
                      type="button"
                      class="secondary"
                      aria-label={`${t("photoRemove", language)} ${i + 1}`}
                      onClick={() => (URL.revokeObjectURL(p.url), setPhotos((list) => list.filter((x) => x !== p)))}
                    >
                      ×
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          )}

          <fieldset class="contact">
            <legend>{t("contactHeading", language)}</legend>
            <p class="hint">{t("contactHint", language)}</p>
            {(
              [
                ["first_name", "firstName", "given-name", "text"],
                ["last_name", "lastName", "family-name", "text"],
                ["email", "email", "email", "email"],
                ["phone", "phone", "tel", "tel"],
              ] as const
            ).map(([field, label, auto, type]) => (
              <div key={field} class="field">
                <label for={field}>{t(label, language)}</label>
                <input
                  id={field}
                  class="text"
                  type={type}
                  autocomplete={auto}
                  aria-invalid={errorFor(field) ? true : undefined}
                  aria-describedby={errorFor(field) ? `${field}-error` : undefined}
                  value={contact[field]}
                  onInput={(e) => setContact((c) => ({ ...c, [field]: (e.target as HTMLInputElement).value }))}
                />
                {errorFor(field) && <p id={`${field}-error` } class="field-error">{errorFor(field)}</p>}
              </div>
            ))}
            {portal.consent && (
              <div class="consent">
                <input
                  id="consent"
                  type="checkbox"
                  checked={consent}
                  aria-invalid={errorFor("consent") ? true : undefined}
                  onChange={(e) => {
                    setConsent((e.target as HTMLInputElement).checked);
                    setErrors((list) => list.filter((x) => x.field !== "consent"));
                  }}
                />
                <label for="consent">{portal.consent.text}</label>
              </div>
            )}
          </fieldset>

          <button type="submit" class="primary" disabled={sending}>
            {sending ? t("sending", language) : t("send", language)}
          </button>
        </>
      )}
    </form>
  );
}

export function Categories(props: {
  language: Language;
  query: string;
  onQuery: (q: string) => void;
  services: Service[];
  found: Service[];
  onChoose: (s: Service) => void;
  error?: string;
}) {
  const { language, query, onQuery, services, found, onChoose, error } = props;
  const choice = (s: Service) => (
    <li key={s.service_code}>
      <button type="button" class="choice" onClick={() => onChoose(s)}>
        <strong>{s.service_name}</strong>
        <span>{s.description}</span>
      </button>
    </li>
  );
  return (
    <>
      <label for="category-search" class="visually-hidden">
        {t("whatLabel", language)}
      </label>
      <input
        id="category-search"
        type="search"
        autocomplete="off"
        aria-describedby="category-hint"
        aria-controls="category-results"
        aria-invalid={error ? true : undefined}
        value={query}
        onInput={(e) => onQuery((e.target as HTMLInputElement).value)}
      />
      <p id="category-hint" class="hint">
        {t("whatHint", language)}
      </p>
      <div id="category-results" aria-live="polite">
        {query.trim() !== "" ? (
          found.length > 0 ? (
            <ul class="choices" aria-label={t("categories", language)}>
              {found.slice(0, 8).map(choice)}
            </ul>
          ) : (
            <p>{t("noCategory", language)}</p>
          )
        ) : (
          byGroup(services).map(([group, list]) => (
            <details key={group}>
              <summary>{group}</summary>
              <ul class="choices">{list.map(choice)}</ul>
            </details>
          ))
        )}
      </div>
    </>
  );
}

export function Question(props: {
  question: Attribute;
  language: Language;
  values: string[];
  error?: string;
  onChange: (values: string[]) => void;
}) {
  const { question: q, language, values, error, onChange } = props;
  const id = `q-${q.code}`;
  const label = (
    <>
      {q.description} {q.required && <span class="required">{t("required", language)}</span>}
    </>
  );
  const invalid = error ? true : undefined;
  const errorLine = error && (
    <p id={`${id}-error`} class="field-error">
      {error}
    </p>
  );
  if (q.datatype === "singlevaluelist" || q.datatype === "multivaluelist") {
    const many = q.datatype === "multivaluelist";
    return (
      <fieldset class="question" aria-invalid={invalid} aria-describedby={error ? `${id}-error` : undefined}>
        <legend>{label}</legend>
        {q.values.map((v) => (
          <div key={v.key} class="option">
            <input
              id={`${id}-${v.key}`}
              type={many ? "checkbox" : "radio"}
              name={id}
              value={v.key}
              checked={values.includes(v.key)}
              onChange={(e) => {
                const on = (e.target as HTMLInputElement).checked;
                onChange(many ? (on ? [...values, v.key] : values.filter((x) => x !== v.key)) : [v.key]);
              }}
            />
            <label for={`${id}-${v.key}`}>{v.name}</label>
          </div>
        ))}
        {errorLine}
      </fieldset>
    );
  }
  const common = {
    id,
    "aria-invalid": invalid,
    "aria-describedby": error ? `${id}-error` : undefined,
    value: values[0] ?? "",
    onInput: (e: Event) => onChange([(e.target as HTMLInputElement).value]),
  };
  return (
    <div class="question">
      <label for={id}>{label}</label>
      {q.datatype === "text" ? (
        <textarea rows={3} maxLength={4000} {...common} />
      ) : (
        <input
          class="text"
          type={q.datatype === "number" ? "number" : q.datatype === "datetime" ? "datetime-local" : "text"}
          maxLength={q.datatype === "string" ? 500 : undefined}
          {...common}
        />
      )}
      {errorLine}
    </div>
  );
}
