import { render } from "preact";
import { App } from "./app";
import "./style.css";

const root = document.getElementById("app")!;
if (location.pathname === "/staff" || location.pathname.startsWith("/staff/")) {
  // The staff screens come in their own chunk: residents never download them.
  void import("./staff/staff").then(({ StaffApp }) => render(<StaffApp />, root));
} else {
  render(<App />, root);
  // Installable, and usable offline (the page and the report form; reports wait on the device).
  if ("serviceWorker" in navigator) {
    addEventListener("load", () => void navigator.serviceWorker.register("/sw.js").catch(() => undefined));
  }
}
