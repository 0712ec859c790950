// The agent console (first line): state, offers, the contacts in progress and, for the one
// chosen, everything on one screen — who is calling (and, with their consent, their earlier
// cases), the conversation, registering a case with a duplicate check, the knowledge base
// beside it (closing a question with the article used, or asking the experts), transfer and
// wrap-up. Live over the console's WebSocket (/api/v1/contact/ws); keyboard shortcuts for the
// frequent actions.

import { useEffect, useMemo, useState } from "preact/hooks";
import { getPortal, listServices, serviceQuestions, type Attribute, type Portal } from "../api";
import { findServices, type Service } from "../categories";
import { t, type Language } from "../i18n";
import { CityMap, type Point } from "../map";
import { useLoaded } from "../page";
import { Categories, Question } from "../report";
import {
  acceptContact,
  askExpert,
  forwardAnswer,
  candidates as findCandidates,
  contactSetup,
  declineContact,
  endContact,
  informationRequest,
  kbTopics,
  linkCase,
  myContacts,
  recognise,
  register,
  searchKb,
  transfer,
  wrapUp,
  type Article,
  type Draft,
  type Interaction,
  type Line,
  type Recognition,
  type Setup,
  type StaffCandidate,
  type User,
} from "./api";
import { useSocket } from "./socket";
import { st, type StaffKey } from "./texts";

type Message =
  | { type: "hello" | "ok" | "live" | "typing" }
  | { type: "offer"; interaction: Interaction }
  | { type: "offer_gone"; interaction: number }
  | { type: "interaction"; interaction: Interaction }
  | ({ type: "message" } & Line)
  | { type: "agent"; agent: string; state: string; reason: string }
  | { type: "error"; message: string };

// A contact is the agent's from the moment it is connected until its wrap-up (offers are
// listed apart).
const kOpen = new Set(["connected", "ended"]);
const kStateKeys: Record<string, StaffKey> = {
  available: "available",
  break: "onBreak",
  offline: "offline",
  busy: "busy",
  wrap_up: "wrap_up",
};
const kCaseChannel: Record<string, string> = {
  voice: "phone",
  chat: "chat",
  email: "email",
  sms: "sms",
  fax: "fax",
  walk_in: "walk_in",
  web_form: "web",
};

export function Console({ user, language }: { user: User; language: Language }) {
  const [state, setState] = useState({ state: "offline", reason: "" });
  const [offers, setOffers] = useState<Interaction[]>([]);
  const [contacts, setContacts] = useState<Interaction[]>([]);
  const [lines, setLines] = useState<Record<number, Line[]>>({});
  const [current, setCurrent] = useState<number | null>(null);
  // The expert-line questions asked about each contact (their consult contacts' ids).
  const [consults, setConsults] = useState<Record<number, number[]>>({});
  const [reason, setReason] = useState("break");
  const [notice, setNotice] = useState("");
  const { value: setup } = useLoaded(contactSetup, []);
  const { value: portal } = useLoaded(() => getPortal(language), [language]);

  const upsert = (i: Interaction) =>
    setContacts((list) => {
      const others = list.filter((x) => x.id !== i.id);
      // Mine while it is open or waits for its wrap-up; gone once wrapped up or handed on.
      return i.agent === user.username && kOpen.has(i.state) && !i.wrap_up ? [...others, i] : others;
    });

  const { connected, send } = useSocket<Message>((m) => {
    if (m.type === "offer") setOffers((o) => [...o.filter((x) => x.id !== m.interaction.id), m.interaction]);
    else if (m.type === "offer_gone") setOffers((o) => o.filter((x) => x.id !== m.interaction));
    else if (m.type === "interaction") {
      setOffers((o) => (m.interaction.state === "offered" ? o : o.filter((x) => x.id !== m.interaction.id)));
      upsert(m.interaction);
      if (m.interaction.agent === user.username && m.interaction.state === "connected") {
        setCurrent((c) => c ?? m.interaction.id);
      }
    } else if (m.type === "message") {
      setLines((all) => {
        const list = all[m.interaction] ?? [];
        if (list.some((l) => l.seq === m.seq)) return all;
        return { ...all, [m.interaction]: [...list, m].sort((a, b) => a.seq - b.seq) };
      });
    } else if (m.type === "agent" && m.agent === user.username) setState({ state: m.state, reason: m.reason });
    else if (m.type === "error") setNotice(m.message);
  });

  // After a reload: the contacts still mine, and their conversations.
  useEffect(() => {
    if (!connected) return;
    myContacts().then((list) => {
      for (const i of list) upsert(i);
      for (const i of list) if (kOpen.has(i.state) && !i.wrap_up) send({ type: "transcript", interaction: i.id });
    }, () => undefined);
  }, [connected]);

  const accept = async (i: Interaction) => {
    try {
      await acceptContact(i.id);
      setOffers((o) => o.filter((x) => x.id !== i.id));
      upsert({ ...i, state: "connected", agent: user.username });
      setCurrent(i.id);
      send({ type: "transcript", interaction: i.id });
    } catch (e) {
      setNotice((e as Error).message);
    }
  };

  // Shortcuts for what an agent does all day.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey) return;
      const focus = (id: string) => document.getElementById(id)?.focus();
      if (e.key === "a" && offers[0] && offers[0].channel !== "voice") void accept(offers[0]);
      else if (e.key === "r") focus("category-search");
      else if (e.key === "k") focus("kb-search");
      else if (e.key === "w") focus("wrap-code");
      else if (/^[1-9]$/.test(e.key) && contacts[Number(e.key) - 1]) setCurrent(contacts[Number(e.key) - 1].id);
      else return;
      e.preventDefault();
    };
    addEventListener("keydown", onKey);
    return () => removeEventListener("keydown", onKey);
  }, [offers, contacts]);

  const chosen = contacts.find((c) => c.id === current) ?? null;
  const channel = (c: string) => st(`ch_${c}` as StaffKey, language);

  return (
    <div class="console">
      <aside class="console-side">
        <h1>{st("consoleHeading", language)}</h1>
        {!connected && <p role="alert">{st("connection", language)}</p>}
        <section aria-labelledby="state-heading">
          <h2 id="state-heading">{st("myState", language)}</h2>
          <p role="status">
            {st("stateNow", language, {
              s: st(kStateKeys[state.state] ?? "offline", language) + (state.reason ? ` (${state.reason})` : ""),
            })}
          </p>
          <div class="row-buttons">
            <button type="button" class="secondary" aria-pressed={state.state === "available"} onClick={() => send({ type: "state", state: "available" })}>
              {st("available", language)}
            </button>
            <button type="button" class="secondary" aria-pressed={state.state === "break"} onClick={() => send({ type: "state", state: "break", reason })}>
              {st("onBreak", language)}
            </button>
            <button type="button" class="secondary" aria-pressed={state.state === "offline"} onClick={() => send({ type: "state", state: "offline" })}>
              {st("offline", language)}
            </button>
          </div>
          <label for="break-reason">{st("breakReason", language)}</label>
          <select id="break-reason" value={reason} onChange={(e) => setReason((e.target as HTMLSelectElement).value)}>
            {(["break", "training", "meeting"] as const).map((r) => (
              <option key={r} value={r}>
                {st(`r_${r}`, language)}
              </option>
            ))}
          </select>
        </section>
        <section aria-labelledby="offers-heading">
          <h2 id="offers-heading">{st("offers", language)}</h2>
          <div aria-live="assertive">
            {offers.length === 0 && <p>{st("noOffers", language)}</p>}
            <ul class="plain">
              {offers.map((o) => (
                <li key={o.id} class="offer-item">
                  <strong>{channel(o.channel)}</strong> {o.address} {o.subject && `— ${o.subject}`}
                  {o.channel === "voice" ? (
                    <p>{st("ringing", language)}</p>
                  ) : (
                    <div class="row-buttons">
                      <button type="button" class="primary small" onClick={() => void accept(o)}>
                        {st("accept", language)}
                      </button>
                      <button type="button" class="secondary" onClick={() => void declineContact(o.id).catch((e: Error) => setNotice(e.message))}>
                        {st("decline", language)}
                      </button>
                    </div>
                  )}
                </li>
              ))}
            </ul>
          </div>
        </section>
        <section aria-labelledby="contacts-heading">
          <h2 id="contacts-heading">{st("contacts", language)}</h2>
          {contacts.length === 0 && <p>{st("noContacts", language)}</p>}
          <ul class="plain">
            {contacts.map((c, i) => (
              <li key={c.id}>
                <button type="button" class="contact-tab" aria-current={c.id === current} onClick={() => setCurrent(c.id)}>
                  {i + 1}. {channel(c.channel)} {c.address} <span class="hint">({c.state})</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
        <p class="hint">{st("shortcuts", language)}</p>
        <p role="status">{notice}</p>
      </aside>
      {chosen && portal && setup && (
        <ContactPanel
          key={chosen.id}
          contact={chosen}
          lines={lines[chosen.id] ?? []}
          consults={(consults[chosen.id] ?? []).map((id) => ({ id, lines: lines[id] ?? [] }))}
          onAsked={(id) => setConsults((all) => ({ ...all, [chosen.id]: [...(all[chosen.id] ?? []), id] }))}
          portal={portal}
          setup={setup}
          language={language}
          channel={channel(chosen.channel)}
          send={send}
          onDone={(code) => {
            setContacts((list) => list.filter((x) => x.id !== chosen.id));
            setCurrent(null);
            setNotice(st("wrapped", language, { c: code }));
          }}
        />
      )}
    </div>
  );
}

function ContactPanel(props: {
  contact: Interaction;
  lines: Line[];
  consults: { id: number; lines: Line[] }[];
  onAsked: (id: number) => void;
  portal: Portal;
  setup: Setup;
  language: Language;
  channel: string;
  send: (m: Record<string, unknown>) => void;
  onDone: (code: string) => void;
}) {
  const { contact, lines, consults, onAsked, portal, setup, language, channel, send, onDone } = props;
  // An expert's question comes from a colleague: no resident to recognise, no case to register.
  const consult = contact.channel === "consult";
  const { value: known } = useLoaded<Recognition | null>(
    () => (consult ? Promise.resolve(null) : recognise(contact.id).catch(() => ({ recognised: false }))),
    [contact.id],
  );
  const [reply, setReply] = useState("");
  const [linked, setLinked] = useState<string[]>(contact.cases);
  const [message, setMessage] = useState("");
  const written = contact.channel !== "voice" && contact.channel !== "walk_in";

  return (
    <main class="console-main" aria-labelledby="contact-heading">
      <h2 id="contact-heading">
        {channel}: {contact.address} {contact.subject && `— ${contact.subject}`}
      </h2>
      <p class="hint">
        {contact.queue} · {contact.language} · {contact.state}
      </p>
      <section class={consult ? "" : "known"}>
        {known?.recognised ? (
          <>
            <p>{st("known", language, { n: known.resident?.name ?? "" })}</p>
            {(known.cases ?? []).length > 0 && (
              <>
                <h3>{st("earlierCases", language)}</h3>
                <ul>
                  {(known.cases ?? []).map((c) => (
                    <li key={c.number}>
                      {c.number} — {c.service_code} ({c.status})
                    </li>
                  ))}
                </ul>
              </>
            )}
          </>
        ) : (
          known && <p class="hint">{st("unknownCaller", language)}</p>
        )}
      </section>
      <p role="status">{message}</p>
      {written && (
        <section aria-labelledby="transcript-heading">
          <h3 id="transcript-heading">{st("transcript", language)}</h3>
          <ol class="chat-lines" aria-live="polite">
            {lines.map((l) => (
              <li key={l.seq} class={l.from.startsWith("agent:") ? "mine" : ""}>
                <strong>{l.from}:</strong> {l.text}
              </li>
            ))}
          </ol>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (reply.trim() === "") return;
              send({ type: "say", interaction: contact.id, text: reply.trim(), id: String(Date.now()) });
              setReply("");
            }}
          >
            <label for="reply">{st("reply", language)}</label>
            <textarea id="reply" rows={2} value={reply} onInput={(e) => setReply((e.target as HTMLTextAreaElement).value)} />
            <button type="submit" class="secondary">
              {st("send", language)}
            </button>
          </form>
        </section>
      )}
      <div class={consult ? "" : "console-columns"}>
        {!consult && (
        <RegisterCase
          contact={contact}
          portal={portal}
          language={language}
          onRegistered={(number) => {
            setLinked((l) => [...l, number]);
            setMessage(st("registered", language, { n: number }));
          }}
        />
        )}
        <Knowledge contact={contact} language={language} onMessage={setMessage} onAsked={onAsked} />
      </div>
      {consults.map((c) => (
        <section key={c.id} class="panel" aria-labelledby={`consult-${c.id}`}>
          <h3 id={`consult-${c.id}`}>{st("expertHeading", language)}</h3>
          <ol class="chat-lines" aria-live="polite">
            {c.lines.map((l) => (
              <li key={l.seq}>
                <strong>{l.from}:</strong> {l.text}
              </li>
            ))}
          </ol>
          {c.lines.some((l) => l.from.startsWith("agent:") && !l.from.endsWith(`:${contact.agent}`)) ? (
            <button
              type="button"
              class="secondary"
              onClick={() => void forwardAnswer(c.id).then(() => setMessage(st("forwarded", language)), (e: Error) => setMessage(e.message))}
            >
              {st("forward", language)}
            </button>
          ) : (
            <p class="hint">{st("expertWaiting", language)}</p>
          )}
        </section>
      ))}
      {linked.length > 0 && <p>{st("linkedCases", language, { n: linked.join(", ") })}</p>}
      <section class="panel" aria-labelledby="transfer-heading">
        <h3 id="transfer-heading">{st("transferTo", language)}</h3>
        <Transfer contact={contact} setup={setup} language={language} onMessage={setMessage} />
        {contact.state === "connected" && (
          <button type="button" class="secondary" onClick={() => void endContact(contact.id).catch((e: Error) => setMessage(e.message))}>
            {st("endContact", language)}
          </button>
        )}
      </section>
      <WrapUp contact={contact} setup={setup} cases={linked} language={language} onDone={onDone} onMessage={setMessage} />
    </main>
  );
}

function RegisterCase(props: { contact: Interaction; portal: Portal; language: Language; onRegistered: (n: string) => void }) {
  const { contact, language, onRegistered } = props;
  // The city the case is in: the portal's, or another the agent serves.
  const [cityId, setCityId] = useState(props.portal.jurisdiction_id);
  const portal = useMemo<Portal>(() => {
    const city = props.portal.cities.find((c) => c.jurisdiction_id === cityId);
    return city ? { ...props.portal, ...city } : props.portal;
  }, [props.portal, cityId]);
  const { value: services } = useLoaded(() => listServices(portal, language), [portal, language]);
  const [query, setQuery] = useState("");
  const [chosen, setChosen] = useState<Service | null>(null);
  const { value: questions } = useLoaded<Attribute[]>(
    () => (chosen?.metadata ? serviceQuestions(portal, chosen.service_code, language) : Promise.resolve([])),
    [chosen?.service_code],
  );
  const [answers, setAnswers] = useState<Record<string, string[]>>({});
  const [address, setAddress] = useState("");
  const [pin, setPin] = useState<Point | null>(null);
  const [description, setDescription] = useState(contact.subject);
  const [found, setFound] = useState<StaffCandidate[] | null>(null);
  // Contact details go on the case only when the resident asks for news (and says so).
  const [notify, setNotify] = useState(false);
  const [notifyTo, setNotifyTo] = useState(contact.channel === "consult" ? "" : contact.address);
  const [error, setError] = useState("");
  const list = useMemo(() => (services ? findServices(services, query) : []), [services, query]);

  const draft = (): Draft | null => {
    if (!chosen) return null;
    const attributes: Record<string, string[]> = {};
    for (const [code, values] of Object.entries(answers)) if (values.some((v) => v.trim())) attributes[code] = values;
    return {
      jurisdiction_id: portal.jurisdiction_id,
      service_code: chosen.service_code,
      description,
      ...(address.trim() ? { address_string: address.trim() } : {}),
      ...(pin ? { lat: pin.lat, long: pin.lon } : {}),
      attributes,
    };
  };
  const save = async (duplicateOf?: string) => {
    const d = draft();
    if (!d) return;
    try {
      const to = notify ? notifyTo.trim() : "";
      const made = await register({
        ...d,
        channel: kCaseChannel[contact.channel] ?? "phone",
        ...(duplicateOf ? { duplicate_of: duplicateOf } : {}),
        ...(to ? (to.includes("@") ? { email: to } : { phone: to }) : {}),
      });
      await linkCase(contact.id, made.number);
      onRegistered(made.number);
      setChosen(null);
      setFound(null);
      setAnswers({});
      setAddress("");
      setPin(null);
      setError("");
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const check = async () => {
    const d = draft();
    if (!d) return;
    if (d.lat === undefined) return save(); // Duplicates are found by place.
    try {
      const result = await findCandidates(d);
      const open = result.candidates.filter((c) => c.status !== "closed");
      if (open.length === 0) return save();
      setFound(open);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <section class="panel" aria-labelledby="register-heading">
      <h3 id="register-heading">{st("registerHeading", language)}</h3>
      {error && <p role="alert">{error}</p>}
      {props.portal.cities.length > 1 && (
        <>
          <label for="case-city">{st("city", language)}</label>
          <select
            id="case-city"
            value={cityId}
            onChange={(e) => {
              setCityId((e.target as HTMLSelectElement).value);
              setChosen(null);
              setPin(null);
            }}
          >
            {props.portal.cities.map((c) => (
              <option key={c.jurisdiction_id} value={c.jurisdiction_id}>
                {c.name}
              </option>
            ))}
          </select>
        </>
      )}
      {chosen ? (
        <p class="chosen">
          <strong>{chosen.service_name}</strong>
          <button type="button" class="secondary" onClick={() => setChosen(null)}>
            ×
          </button>
        </p>
      ) : (
        <Categories language={language} query={query} onQuery={setQuery} services={services ?? []} found={list} onChoose={setChosen} />
      )}
      {chosen && (
        <>
          <label for="case-address">{st("addressOrPin", language)}</label>
          <input id="case-address" class="text" value={address} onInput={(e) => setAddress((e.target as HTMLInputElement).value)} />
          <CityMap portal={portal} language={language} label={t("mapLabel", language)} pin={pin} onPin={setPin} />
          {(questions ?? []).map((q) => (
            <Question key={q.code} question={q} language={language} values={answers[q.code] ?? []} onChange={(v) => setAnswers((a) => ({ ...a, [q.code]: v }))} />
          ))}
          <label for="case-description">{st("description", language)}</label>
          <textarea id="case-description" rows={3} value={description} onInput={(e) => setDescription((e.target as HTMLTextAreaElement).value)} />
          <div class="option">
            <input id="case-notify" type="checkbox" checked={notify} onChange={(e) => setNotify((e.target as HTMLInputElement).checked)} />
            <label for="case-notify">{st("notify", language)}</label>
          </div>
          {notify && (
            <>
              <label for="case-notify-to">{st("notifyTo", language)}</label>
              <input id="case-notify-to" class="text" value={notifyTo} onInput={(e) => setNotifyTo((e.target as HTMLInputElement).value)} />
            </>
          )}
          {found ? (
            <div class="duplicates" role="alert">
              <p>{st("duplicatesFound", language)}</p>
              <ul class="plain">
                {found.map((c) => (
                  <li key={c.number}>
                    {c.number} ({Math.round(c.distance_m)} m, {c.status}){" "}
                    <button type="button" class="secondary" onClick={() => void save(c.number)}>
                      {st("joinCase", language, { n: c.number })}
                    </button>
                  </li>
                ))}
              </ul>
              <button type="button" class="secondary" onClick={() => void save()}>
                {st("registerNew", language)}
              </button>
            </div>
          ) : (
            <button type="button" class="primary small" onClick={() => void check()}>
              {st("checkDuplicates", language)}
            </button>
          )}
        </>
      )}
    </section>
  );
}

function Knowledge(props: {
  contact: Interaction;
  language: Language;
  onMessage: (m: string) => void;
  onAsked: (consultation: number) => void;
}) {
  const { contact, language, onMessage, onAsked } = props;
  const [query, setQuery] = useState("");
  const [articles, setArticles] = useState<Article[]>([]);
  const { value: topics } = useLoaded(kbTopics, []);
  const [topic, setTopic] = useState("");
  const chosenTopic = topic || topics?.[0]?.code || "";

  useEffect(() => {
    if (query.trim().length < 3) return setArticles([]);
    const timer = setTimeout(() => searchKb(query).then(setArticles, () => setArticles([])), 200);
    return () => clearTimeout(timer);
  }, [query]);

  const done = (p: Promise<unknown>, ok: string) => p.then(() => onMessage(ok), (e: Error) => onMessage(e.message));

  return (
    <section class="panel" aria-labelledby="kb-heading">
      <h3 id="kb-heading">{st("kbHeading", language)}</h3>
      <label for="kb-search">{st("kbSearch", language)}</label>
      <input id="kb-search" type="search" class="text" value={query} onInput={(e) => setQuery((e.target as HTMLInputElement).value)} />
      <label for="kb-topic">{st("topic", language)}</label>
      <select id="kb-topic" value={chosenTopic} onChange={(e) => setTopic((e.target as HTMLSelectElement).value)}>
        {(topics ?? []).map((t) => (
          <option key={t.code} value={t.code}>
            {language === "en" ? t.name_en : t.name_pl}
          </option>
        ))}
      </select>
      <ul class="plain kb-results">
        {articles.map((a) => (
          <li key={a.id}>
            <strong>{language === "en" && a.title_en ? a.title_en : a.title_pl}</strong>
            <p class="hint">{a.snippet}</p>
            <button
              type="button"
              class="secondary"
              onClick={() => void done(informationRequest(contact.id, query, chosenTopic, [a.id]), st("answered", language))}
            >
              {st("closeWith", language)}
            </button>
          </li>
        ))}
      </ul>
      <button
        type="button"
        class="secondary"
        disabled={query.trim() === ""}
        onClick={() =>
          void askExpert(contact.id, chosenTopic, query).then(
            (c) => (onAsked(c.id), onMessage(st("asked", language))),
            (e: Error) => onMessage(e.message),
          )
        }
      >
        {st("askExpert", language)}
      </button>
    </section>
  );
}

function Transfer(props: { contact: Interaction; setup: Setup; language: Language; onMessage: (m: string) => void }) {
  const { contact, setup, language, onMessage } = props;
  const queues = setup.queues.filter((q) => q.channel === contact.channel && q.id !== contact.queue);
  const [queue, setQueue] = useState(queues[0]?.id ?? "");
  if (queues.length === 0) return null;
  return (
    <div class="row-buttons">
      <label for="transfer-queue" class="visually-hidden">
        {st("transferTo", language)}
      </label>
      <select id="transfer-queue" value={queue} onChange={(e) => setQueue((e.target as HTMLSelectElement).value)}>
        {queues.map((q) => (
          <option key={q.id} value={q.id}>
            {q.name[language]}
          </option>
        ))}
      </select>
      <button
        type="button"
        class="secondary"
        onClick={() => void transfer(contact.id, queue).then(() => onMessage(st("transferred", language)), (e: Error) => onMessage(e.message))}
      >
        {st("transfer", language)}
      </button>
    </div>
  );
}

function WrapUp(props: {
  contact: Interaction;
  setup: Setup;
  cases: string[];
  language: Language;
  onDone: (code: string) => void;
  onMessage: (m: string) => void;
}) {
  const { contact, setup, cases, language, onDone, onMessage } = props;
  const [code, setCode] = useState(cases.length > 0 ? "case-registered" : setup.wrap_up_codes[0]?.code ?? "");
  const [notes, setNotes] = useState("");
  useEffect(() => {
    if (cases.length > 0 && setup.wrap_up_codes.some((c) => c.code === "case-registered")) setCode("case-registered");
  }, [cases.length]);
  return (
    <form
      class="panel"
      aria-labelledby="wrap-heading"
      onSubmit={(e) => {
        e.preventDefault();
        wrapUp(contact.id, code, notes, cases).then(
          () => onDone(code),
          (err: Error) => onMessage(err.message),
        );
      }}
    >
      <h3 id="wrap-heading">{st("wrapHeading", language)}</h3>
      <label for="wrap-code">{st("wrapCode", language)}</label>
      <select id="wrap-code" value={code} onChange={(e) => setCode((e.target as HTMLSelectElement).value)}>
        {setup.wrap_up_codes.map((c) => (
          <option key={c.code} value={c.code}>
            {c.name[language]}
          </option>
        ))}
      </select>
      <label for="wrap-notes">{st("wrapNotes", language)}</label>
      <textarea id="wrap-notes" rows={2} value={notes} onInput={(e) => setNotes((e.target as HTMLTextAreaElement).value)} />
      <button type="submit" class="primary small">
        {st("wrap", language)}
      </button>
    </form>
  );
}
