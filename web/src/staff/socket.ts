// The staff screens' WebSocket (/api/v1/contact/ws, authenticated by the session cookie):
// the consoles' offers and conversations, the supervisors' live figures.

import { useEffect, useRef, useState } from "preact/hooks";

// The console's socket, opened again after a break in the connection.
export function useSocket<M>(onMessage: (m: M) => void) {
  const socket = useRef<WebSocket | null>(null);
  const handler = useRef(onMessage);
  handler.current = onMessage;
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    let stopped = false;
    let timer = 0;
    const open = () => {
      const scheme = location.protocol === "https:" ? "wss" : "ws";
      const ws = new WebSocket(`${scheme}://${location.host}/api/v1/contact/ws`);
      socket.current = ws;
      ws.onopen = () => setConnected(true);
      ws.onmessage = (e) => handler.current(JSON.parse(String(e.data)) as M);
      ws.onclose = () => {
        setConnected(false);
        if (!stopped) timer = window.setTimeout(open, 2000);
      };
    };
    open();
    return () => {
      stopped = true;
      clearTimeout(timer);
      socket.current?.close();
    };
  }, []);
  const send = (m: Record<string, unknown>) => socket.current?.send(JSON.stringify(m));
  return { connected, send };
}

