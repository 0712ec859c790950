// Chat with the contact centre from any page of the portal: the button opens a panel, the
// conversation goes over the resident's WebSocket (/api/v1/public/chat/ws). The chat's key is
// kept for this tab, so a reload reconnects to the same conversation.

import { useEffect, useRef, useState } from "preact/hooks";
import { t, type Language } from "./i18n";

interface Line {
  seq: number;
  from: string;
  text: string;
}

type State = "idle" | "starting" | "waiting" | "connected" | "ended" | "failed";

interface Opened {
  chat: number;
  key: string;
  socket: string;
  waiting?: number;
}

const kSaved = "ratusz.chat";

export function Chat({ language }: { language: Language }) {
  const [open, setOpen] = useState(false);
  const [state, setState] = useState<State>("idle");
  const [waiting, setWaiting] = useState(0);
  const [lines, setLines] = useState<Line[]>([]);
  const [text, setText] = useState("");
  const [message, setMessage] = useState("");
  const socket = useRef<WebSocket | null>(null);
  const input = useRef<HTMLTextAreaElement>(null);
  const start = useRef<HTMLButtonElement>(null);

  const connect = (opened: Opened) => {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    const ws = new WebSocket(`${scheme}://${location.host}${opened.socket}&key=${encodeURIComponent(opened.key)}`);
    socket.current = ws;
    ws.onmessage = (event) => {
      const m = JSON.parse(String(event.data)) as { type: string; state?: string; seq?: number; from?: string; text?: string };
      if (m.type === "message" && m.seq !== undefined) {
        const line = { seq: m.seq, from: m.from ?? "", text: m.text ?? "" };
        setLines((all) => (all.some((l) => l.seq === line.seq) ? all : [...all, line].sort((a, b) => a.seq - b.seq)));
      } else if (m.type === "state" && m.state) {
        setState(m.state === "connected" ? "connected" : m.state === "ended" ? "ended" : "waiting");
        if (m.state === "ended") sessionStorage.removeItem(kSaved);
      }
    };
    ws.onclose = () => setState((s) => (s === "ended" ? s : s === "idle" ? s : "ended"));
  };

  useEffect(() => {
    const saved = sessionStorage.getItem(kSaved);
    if (saved) {
      setState("waiting");
      connect(JSON.parse(saved) as Opened);
    }
    return () => socket.current?.close();
  }, []);

  useEffect(() => {
    if (open) (state === "idle" ? start.current : input.current)?.focus();
  }, [open, state === "idle"]);

  const begin = async () => {
    setState("starting");
    try {
      const response = await fetch("/api/v1/public/chat", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ language }),
      });
      const body = (await response.json()) as Opened & { error?: { message: string } };
      if (!response.ok) {
        setMessage(body.error?.message ?? t("loadError", language));
        return setState("failed");
      }
      sessionStorage.setItem(kSaved, JSON.stringify(body));
      setWaiting(body.waiting ?? 0);
      setState("waiting");
      connect(body);
    } catch {
      setMessage(t("loadError", language));
      setState("failed");
    }
  };

  const say = (e: Event) => {
    e.preventDefault();
    const ws = socket.current;
    if (!ws || ws.readyState !== WebSocket.OPEN || text.trim() === "") return;
    ws.send(JSON.stringify({ type: "say", text: text.trim(), id: String(Date.now()) }));
    setText("");
  };

  const end = () => {
    socket.current?.send(JSON.stringify({ type: "end" }));
    sessionStorage.removeItem(kSaved);
  };

  const who = (from: string) =>
    from === "resident" ? t("chatYou", language) : from === "agent" ? t("chatAgent", language) : "Ratusz";

  return (
    <div class="chat">
      {open && (
        <section class="chat-panel" aria-labelledby="chat-heading">
          <h2 id="chat-heading">{t("chatHeading", language)}</h2>
          <p role="status">
            {state === "waiting" && t("chatWaiting", language, { n: waiting })}
            {state === "connected" && t("chatConnected", language)}
            {state === "ended" && t("chatEnded", language)}
            {state === "failed" && message}
          </p>
          {(state === "idle" || state === "failed" || state === "ended") && (
            <button ref={start} type="button" class="primary" onClick={begin}>
              {t("chatStart", language)}
            </button>
          )}
          <ol class="chat-lines" aria-live="polite">
            {lines.map((l) => (
              <li key={l.seq} class={l.from === "resident" ? "mine" : ""}>
                <strong>{who(l.from)}:</strong> {l.text}
              </li>
            ))}
          </ol>
          {(state === "waiting" || state === "connected") && (
            <form onSubmit={say}>
              <label for="chat-text">{t("chatMessage", language)}</label>
              <textarea
                id="chat-text"
                ref={input}
                rows={2}
                maxLength={2000}
                value={text}
                onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
                onKeyDown={(e) => {
                  if (e.key === "Enter" && !e.shiftKey) say(e);
                }}
              />
              <div class="chat-actions">
                <button type="submit" class="primary">
                  {t("chatSend", language)}
                </button>
                <button type="button" class="secondary" onClick={end}>
                  {t("chatEnd", language)}
                </button>
              </div>
            </form>
          )}
        </section>
      )}
      <button type="button" class="chat-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? t("chatClose", language) : t("chatOpen", language)}
      </button>
    </div>
  );
}
