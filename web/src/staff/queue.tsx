// The specialists' work queue: the open tasks of my units, the most urgent first, each with
// the time left to its deadline; a case opened to change its task's state, add internal or
// public notes and photos, and close it; the same change for a selection at once.

import { useEffect, useMemo, useState } from "preact/hooks";
import { cityTime, getPortal, listServices } from "../api";
import type { Language } from "../i18n";
import { useLoaded } from "../page";
import { addNote, files, getCase, history, openCases, setTask, upload, type StaffCase, type User } from "./api";
import { byUrgency, countdown } from "./sla";
import { kTaskStates, st, stateLabel } from "./texts";

const kDone = new Set(["resolved", "closed", "rejected", "duplicate"]);

interface Row {
  item: StaffCase;
  unit: string;
  state: string;
  due: string | null;
  key: string;
}

// The clock the countdowns read, moved on every 30 seconds.
function useNow() {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 30000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

export function Queue({ user, language }: { user: User; language: Language }) {
  const [version, setVersion] = useState(0);
  const { value: cases, failed } = useLoaded(openCases, [version]);
  // The categories' names and the city's time zone.
  const { value: city } = useLoaded(
    () =>
      getPortal(language).then(async (p) => ({
        zone: p.time_zone,
        names: new Map((await listServices(p, language)).map((s) => [s.service_code, s.service_name])),
      })),
    [language],
  );
  const names = city?.names;
  const [opened, setOpened] = useState<string | null>(null);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [bulk, setBulk] = useState("acknowledged");
  const [message, setMessage] = useState("");
  const now = useNow();

  const rows = useMemo<Row[]>(() => {
    const mine = (unit: string) => user.role !== "specialist" || user.departments.includes(unit);
    const all = (cases ?? []).flatMap((item) =>
      item.tasks
        .filter((task) => mine(task.department) && !kDone.has(task.state))
        .map((task) => ({ item, unit: task.department, state: task.state, due: task.due_at, key: `${item.number}/${task.department}` })),
    );
    return byUrgency(all, (r) => r.due);
  }, [cases, user]);

  const applyBulk = async () => {
    let done = 0;
    const failures: string[] = [];
    for (const row of rows.filter((r) => chosen.has(r.key))) {
      try {
        await setTask(row.item.number, row.unit, bulk, "", false);
        done++;
      } catch (e) {
        failures.push(`${row.item.number}: ${(e as Error).message}`);
      }
    }
    setMessage(st("applied", language, { n: done, f: failures.length }) + (failures.length ? " " + failures.join("; ") : ""));
    setChosen(new Set());
    setVersion((v) => v + 1);
  };

  if (opened) {
    return (
      <CaseView
        number={opened}
        user={user}
        language={language}
        name={(code) => names?.get(code) ?? code}
        zone={city?.zone ?? "Europe/Warsaw"}
        onBack={() => (setOpened(null), setVersion((v) => v + 1))}
      />
    );
  }
  return (
    <section aria-labelledby="queue-heading">
      <h1 id="queue-heading">{st("queueHeading", language)}</h1>
      {failed && <p role="alert">{st("failed", language, { m: "" })}</p>}
      <p role="status">{message}</p>
      {rows.length === 0 && cases && <p>{st("queueEmpty", language)}</p>}
      {rows.length > 0 && (
        <>
          <div class="bulk" role="group" aria-label={st("bulkGroup", language)}>
            <span>{st("selected", language, { n: chosen.size })}</span>
            <label for="bulk-state">{st("bulkStatus", language)}</label>
            <select id="bulk-state" value={bulk} onChange={(e) => setBulk((e.target as HTMLSelectElement).value)}>
              {kTaskStates.map((s) => (
                <option key={s} value={s}>
                  {stateLabel(s, language)}
                </option>
              ))}
            </select>
            <button type="button" class="secondary" disabled={chosen.size === 0} onClick={() => void applyBulk()}>
              {st("apply", language)}
            </button>
          </div>
          <table class="queue">
            <thead>
              <tr>
                <th scope="col">
                  <input
                    type="checkbox"
                    aria-label={st("selectAll", language)}
                    checked={chosen.size === rows.length}
                    onChange={(e) => setChosen((e.target as HTMLInputElement).checked ? new Set(rows.map((r) => r.key)) : new Set())}
                  />
                </th>
                <th scope="col">{st("deadline", language)}</th>
                <th scope="col">{st("number", language)}</th>
                <th scope="col">{st("category", language)}</th>
                <th scope="col">{st("place", language)}</th>
                <th scope="col">{st("unit", language)}</th>
                <th scope="col">{st("state", language)}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => {
                const left = countdown(row.due, now, language);
                return (
                  <tr key={row.key} class={left?.overdue ? "overdue" : ""}>
                    <td>
                      <input
                        type="checkbox"
                        aria-label={st("select", language, { n: row.item.number })}
                        checked={chosen.has(row.key)}
                        onChange={(e) => {
                          const next = new Set(chosen);
                          if ((e.target as HTMLInputElement).checked) next.add(row.key);
                          else next.delete(row.key);
                          setChosen(next);
                        }}
                      />
                    </td>
                    <td class="due">{left ? left.text : "—"}</td>
                    <td>
                      <button type="button" class="link" onClick={() => setOpened(row.item.number)}>
                        {row.item.number}
                      </button>
                      {row.item.emergency && " ⚠"}
                    </td>
                    <td>{names?.get(row.item.service_code) ?? row.item.service_code}</td>
                    <td>{row.item.address}</td>
                    <td>{row.unit}</td>
                    <td>{stateLabel(row.state, language)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

function CaseView(props: {
  number: string;
  user: User;
  language: Language;
  name: (code: string) => string;
  zone: string;
  onBack: () => void;
}) {
  const { number, user, language, name, zone, onBack } = props;
  const [version, setVersion] = useState(0);
  const { value: item } = useLoaded(() => getCase(number), [number, version]);
  const { value: events } = useLoaded(() => history(number), [number, version]);
  const { value: attached } = useLoaded(() => files(number), [number, version]);
  const [status, setStatus] = useState("in_progress");
  const [note, setNote] = useState("");
  const [notePublic, setNotePublic] = useState(false);
  const [photoPublic, setPhotoPublic] = useState(true);
  const [message, setMessage] = useState("");
  const units = (item?.tasks ?? []).filter((t) => user.role !== "specialist" || user.departments.includes(t.department));
  const [unit, setUnit] = useState("");
  const myUnit = unit || units[0]?.department || "";

  const done = (p: Promise<unknown>, ok: string) =>
    p.then(
      () => (setMessage(ok), setNote(""), setVersion((v) => v + 1)),
      (e: Error) => setMessage(st("failed", language, { m: e.message })),
    );

  return (
    <article>
      <button type="button" class="link" onClick={onBack}>
        {st("back", language)}
      </button>
      {item && (
        <>
          <h1>
            {item.number} — {name(item.service_code)}
          </h1>
          <p>{item.address}</p>
          <h2>{st("description", language)}</h2>
          <p>{item.description}</p>
          <p role="status">{message}</p>
          <form
            class="panel"
            onSubmit={(e) => {
              e.preventDefault();
              void done(setTask(number, myUnit, status, note, notePublic), st("saved", language));
            }}
          >
            {units.length > 1 && (
              <>
                <label for="task-unit">{st("unit", language)}</label>
                <select id="task-unit" value={myUnit} onChange={(e) => setUnit((e.target as HTMLSelectElement).value)}>
                  {units.map((t) => (
                    <option key={t.department} value={t.department}>
                      {t.department}
                    </option>
                  ))}
                </select>
              </>
            )}
            <p>
              {st("state", language)}: <strong>{stateLabel(units.find((t) => t.department === myUnit)?.state ?? "", language)}</strong>
            </p>
            <label for="task-state">{st("changeState", language)}</label>
            <select id="task-state" value={status} onChange={(e) => setStatus((e.target as HTMLSelectElement).value)}>
              {kTaskStates.map((s) => (
                <option key={s} value={s}>
                  {stateLabel(s, language)}
                </option>
              ))}
            </select>
            <label for="task-note">{st("note", language)}</label>
            <textarea id="task-note" rows={3} value={note} onInput={(e) => setNote((e.target as HTMLTextAreaElement).value)} />
            <div class="option">
              <input id="note-public" type="checkbox" checked={notePublic} onChange={(e) => setNotePublic((e.target as HTMLInputElement).checked)} />
              <label for="note-public">{st("publicNote", language)}</label>
            </div>
            <button type="submit" class="primary">
              {st("save", language)}
            </button>
            <button
              type="button"
              class="secondary"
              disabled={note.trim() === ""}
              onClick={() => void done(addNote(number, note, notePublic), st("saved", language))}
            >
              {st("addNote", language)}
            </button>
          </form>
          <h2>{st("photos", language)}</h2>
          <ul class="thumbs">
            {(attached ?? []).map((f) => (
              <li key={f.id}>
                <a href={f.url}>{f.thumbnail_url ? <img src={f.thumbnail_url} alt={f.name} /> : f.name}</a>
              </li>
            ))}
          </ul>
          <label for="upload">{st("addPhoto", language)}</label>
          <input
            id="upload"
            type="file"
            onChange={(e) => {
              const input = e.target as HTMLInputElement;
              const file = input.files?.[0];
              if (file) void done(upload(number, file, photoPublic), st("uploaded", language)).then(() => (input.value = ""));
            }}
          />
          <div class="option">
            <input id="photo-public" type="checkbox" checked={photoPublic} onChange={(e) => setPhotoPublic((e.target as HTMLInputElement).checked)} />
            <label for="photo-public">{st("publicNote", language)}</label>
          </div>
          <h2>{st("history", language)}</h2>
          <ol class="timeline">
            {(events ?? []).map((e) => (
              <li key={e.id}>
                <time dateTime={e.at}>{cityTime(e.at, zone, language)}</time>
                <strong>{e.kind}</strong> {e.department} {e.detail} {e.description && <p>{e.description}</p>}
              </li>
            ))}
          </ol>
        </>
      )}
    </article>
  );
}
