// Recent reports on the city map, filtered by category, status and age; the same reports as a
// list below the map, for keyboards and screen readers (and when the tiles do not load).

import { useMemo, useState } from "preact/hooks";
import { cityTime, listServices, recentReports, type Portal } from "./api";
import { t, type Language } from "./i18n";
import { CityMap, type Marker } from "./map";
import { useLoaded } from "./page";

export function PublicMap(props: { portal: Portal; language: Language; onTrack: (n: string) => void }) {
  const { portal, language, onTrack } = props;
  const [service, setService] = useState("");
  const [status, setStatus] = useState("open");
  const [days, setDays] = useState(30);
  const { value: services } = useLoaded(() => listServices(portal, language), [portal, language]);
  const { value: reports, failed } = useLoaded(
    () => recentReports(portal, { service_code: service, status, days }, language),
    [service, status, days, language],
  );
  const markers = useMemo<Marker[]>(
    () =>
      (reports ?? [])
        .filter((r) => typeof r.lat === "number" && typeof r.long === "number")
        .map((r) => ({
          lat: r.lat as number,
          lon: r.long as number,
          label: `${r.service_request_id} — ${r.service_name}`,
          href: `/track/${r.service_request_id}`,
        })),
    [reports],
  );

  return (
    <section aria-labelledby="map-heading">
      <h1 id="map-heading">{t("mapHeading", language)}</h1>
      <div class="filters">
        <div>
          <label for="filter-service">{t("filterCategory", language)}</label>
          <select id="filter-service" value={service} onChange={(e) => setService((e.target as HTMLSelectElement).value)}>
            <option value="">{t("all", language)}</option>
            {(services ?? []).map((s) => (
              <option key={s.service_code} value={s.service_code}>
                {s.service_name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="filter-status">{t("filterStatus", language)}</label>
          <select id="filter-status" value={status} onChange={(e) => setStatus((e.target as HTMLSelectElement).value)}>
            <option value="">{t("all", language)}</option>
            <option value="open">{t("openReports", language)}</option>
            <option value="closed">{t("closedReports", language)}</option>
          </select>
        </div>
        <div>
          <label for="filter-days">{t("filterSince", language)}</label>
          <select id="filter-days" value={days} onChange={(e) => setDays(Number((e.target as HTMLSelectElement).value))}>
            {[7, 30, 90].map((n) => (
              <option key={n} value={n}>
                {t("days", language, { n })}
              </option>
            ))}
          </select>
        </div>
      </div>
      <CityMap
        portal={portal}
        language={language}
        label={t("mapHeading", language)}
        markers={markers}
        onOpen={(href) => onTrack(href.slice("/track/".length))}
      />
      {failed && <p role="alert">{t("loadError", language)}</p>}
      {reports && (
        <>
          <p role="status">{t("found", language, { n: reports.length })}</p>
          <ul class="reports">
            {reports.map((r) => (
              <li key={r.service_request_id}>
                <a
                  href={`/track/${r.service_request_id}`}
                  onClick={(e) => (e.preventDefault(), onTrack(r.service_request_id))}
                >
                  {r.service_request_id}
                </a>{" "}
                <strong>{r.service_name}</strong>
                <span class="hint">
                  {" "}
                  {cityTime(r.requested_datetime, portal.time_zone, language)}
                  {r.address && ` — ${r.address}`}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
