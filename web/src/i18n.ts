// Polish and English. The language follows the browser (Polish for anything but English) and
// the resident's choice, kept in localStorage.

export type Language = "pl" | "en";

const texts = {
  title: { pl: "Kontakt z miastem", en: "Contact the city" },
  switchTo: { pl: "English", en: "Polski" },
  switchLabel: { pl: "Switch to English", en: "Przełącz na polski" },
  faqHeading: { pl: "Najczęstsze pytania", en: "Frequently asked questions" },
  searchLabel: { pl: "Czego szukasz?", en: "What are you looking for?" },
  searchHint: {
    pl: "Np. „wywóz gabarytów”, „karta mieszkańca”, „dziura w jezdni”",
    en: "E.g. “bulky waste”, “resident card”, “pothole”",
  },
  noResults: {
    pl: "Nie znaleźliśmy odpowiedzi. Zadzwoń pod 19115 albo napisz do nas.",
    en: "We found no answer. Call 19115 or write to us.",
  },
  results: { pl: "Wyniki", en: "Results" },
  back: { pl: "Wróć do pytań", en: "Back to the questions" },
  helped: { pl: "Czy to pomogło?", en: "Did this help?" },
  yes: { pl: "Tak", en: "Yes" },
  no: { pl: "Nie", en: "No" },
  thanks: { pl: "Dziękujemy za ocenę.", en: "Thank you for your feedback." },
  loadError: {
    pl: "Nie udało się połączyć z serwerem. Spróbuj ponownie.",
    en: "Could not reach the server. Please try again.",
  },
  trackHeading: { pl: "Sprawdź swoje zgłoszenie", en: "Track your report" },
  trackLabel: { pl: "Numer zgłoszenia", en: "Report number" },
  trackHint: { pl: "Np. K7M2-QX4P — podaliśmy go po przyjęciu zgłoszenia.", en: "E.g. K7M2-QX4P — we gave it to you when we took the report." },
  trackButton: { pl: "Sprawdź", en: "Track" },
  trackNotFound: { pl: "Nie ma zgłoszenia o tym numerze. Sprawdź, czy numer jest poprawny.", en: "There is no report with this number. Please check the number." },
  caseNumber: { pl: "Zgłoszenie nr", en: "Report no." },
  status: { pl: "Stan", en: "Status" },
  expected: { pl: "Przewidywany termin", en: "Expected by" },
  history: { pl: "Przebieg sprawy", en: "What happened" },
  mergedInto: { pl: "Połączone ze zgłoszeniem", en: "Merged into report" },
  photo: { pl: "Zdjęcie do zgłoszenia", en: "Photo of the report" },
  emergency: {
    pl: "W sytuacji zagrożenia życia dzwoń pod 112.",
    en: "If life is in danger, call 112.",
  },
} as const;

export type TextKey = keyof typeof texts;

export function t(key: TextKey, language: Language): string {
  return texts[key][language];
}

// The language to start with: a saved choice, else the browser's first language.
export function pickLanguage(saved: string | null, browser: readonly string[]): Language {
  if (saved === "pl" || saved === "en") return saved;
  const first = (browser[0] ?? "pl").toLowerCase();
  return first.startsWith("en") ? "en" : "pl";
}
