// The city's categories (Open311 services) as a resident finds them: by words of the name,
// the keywords (both languages) or the group, typed with or without Polish letters.

export interface Service {
  service_code: string;
  service_name: string;
  description: string;
  metadata: boolean; // Whether the category has questions (a service definition).
  keywords: string; // Comma-separated, both languages.
  group: string;
}

// Lower case without diacritics: "Źródłowa" → "zrodlowa".
export function fold(text: string): string {
  return text
    .toLowerCase()
    .replace(/ł/g, "l")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "");
}

// Categories matching every word of `query` (a word matches the start of a word of the name,
// keywords, group or description), best first: name, then keywords, group, description.
export function findServices(services: readonly Service[], query: string): Service[] {
  const words = fold(query).split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0);
  if (words.length === 0) return [...services];
  const scored: { service: Service; score: number; index: number }[] = [];
  services.forEach((service, index) => {
    const fields: [string, number][] = [
      [service.service_name, 8],
      [service.keywords, 4],
      [service.group, 2],
      [service.description, 1],
    ];
    let score = 0;
    for (const word of words) {
      let best = 0;
      for (const [text, weight] of fields) {
        const starts = fold(text)
          .split(/[^\p{L}\p{N}]+/u)
          .some((w) => w.startsWith(word));
        if (starts) best = Math.max(best, weight);
      }
      if (best === 0) return;
      score += best;
    }
    scored.push({ service, score, index });
  });
  scored.sort((a, b) => b.score - a.score || a.index - b.index);
  return scored.map((s) => s.service);
}

// The categories by group, groups in the order they first appear.
export function byGroup(services: readonly Service[]): [string, Service[]][] {
  const groups = new Map<string, Service[]>();
  for (const s of services) {
    const list = groups.get(s.group) ?? [];
    list.push(s);
    groups.set(s.group, list);
  }
  return [...groups.entries()];
}
