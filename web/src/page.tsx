// Pieces every page of the portal shares: loading what it shows, and the way back.

import { useEffect, useState } from "preact/hooks";
import { t, type Language } from "./i18n";

// What `load` gives for these `inputs` (undefined while it loads), and whether it failed.
export function useLoaded<T>(load: () => Promise<T>, inputs: unknown[]) {
  const [value, setValue] = useState<T | undefined>(undefined);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    load().then(
      (v) => (setValue(v), setFailed(false)),
      () => setFailed(true),
    );
  }, inputs);
  return { value, failed };
}

export function BackLink(props: { language: Language; onBack: () => void }) {
  return (
    <a href="/" onClick={(e) => (e.preventDefault(), props.onBack())}>
      ← {t("back", props.language)}
    </a>
  );
}
