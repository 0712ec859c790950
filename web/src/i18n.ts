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
  // The report form.
  reportButton: { pl: "Zgłoś problem", en: "Report a problem" },
  mapButton: { pl: "Mapa zgłoszeń", en: "Map of reports" },
  reportHeading: { pl: "Zgłoś problem w mieście", en: "Report a problem in the city" },
  whatLabel: { pl: "Co chcesz zgłosić?", en: "What would you like to report?" },
  whatHint: { pl: "Wpisz np. „dziura”, „latarnia”, „śmieci” albo wybierz z listy.", en: "Type e.g. “pothole”, “street light”, “rubbish”, or choose from the list." },
  categories: { pl: "Kategorie", en: "Categories" },
  noCategory: { pl: "Nie znaleźliśmy takiej kategorii. Wybierz z listy albo zadzwoń pod 19115.", en: "No such category. Choose from the list or call 19115." },
  chosen: { pl: "Wybrano", en: "Chosen" },
  change: { pl: "Zmień", en: "Change" },
  whereHeading: { pl: "Gdzie?", en: "Where?" },
  mapLabel: { pl: "Mapa: kliknij lub dotknij miejsca problemu", en: "Map: click or tap where the problem is" },
  pinCenter: { pl: "Postaw pinezkę na środku mapy", en: "Put the pin in the middle of the map" },
  nearMe: { pl: "Użyj mojej lokalizacji", en: "Use my location" },
  locating: { pl: "Ustalamy położenie…", en: "Finding your location…" },
  located: { pl: "Zaznaczono miejsce", en: "Place marked" },
  noLocation: { pl: "Nie udało się ustalić położenia. Wpisz adres.", en: "Could not find your location. Type the address." },
  tilesFailed: { pl: "Mapa się nie wczytała — wpisz adres albo użyj lokalizacji.", en: "The map did not load — type the address or use your location." },
  tilesFailedList: { pl: "Mapa się nie wczytała — zgłoszenia są na liście poniżej.", en: "The map did not load — the reports are listed below." },
  addressLabel: { pl: "Adres lub opis miejsca", en: "Address or description of the place" },
  addressHint: { pl: "Np. „ul. Świdnicka 12, przy przystanku”. Mapa nie jest wymagana.", en: "E.g. “Świdnicka 12, by the bus stop”. The map is not required." },
  whereMissing: { pl: "Zaznacz miejsce na mapie, użyj lokalizacji albo wpisz adres.", en: "Mark the place on the map, use your location, or type the address." },
  questions: { pl: "Kilka pytań", en: "A few questions" },
  required: { pl: "(wymagane)", en: "(required)" },
  chooseOne: { pl: "— wybierz —", en: "— choose —" },
  descriptionLabel: { pl: "Opis", en: "Description" },
  descriptionHint: { pl: "Co się stało? Co widać? (do 4000 znaków)", en: "What happened? What can be seen? (up to 4000 characters)" },
  faqOffer: { pl: "Może to odpowie na Twoje pytanie:", en: "This may answer your question:" },
  photosLabel: { pl: "Zdjęcia (nieobowiązkowe)", en: "Photos (optional)" },
  photosHint: { pl: "Do {n} zdjęć. Zmniejszamy je przed wysłaniem.", en: "Up to {n} photos. We make them smaller before sending." },
  photoRemove: { pl: "Usuń zdjęcie", en: "Remove photo" },
  photoFailed: { pl: "Tego pliku nie da się dodać jako zdjęcia.", en: "This file cannot be added as a photo." },
  contactHeading: { pl: "Dane kontaktowe (nieobowiązkowe)", en: "Contact details (optional)" },
  contactHint: { pl: "Podaj je, jeśli chcesz dostawać informacje o zgłoszeniu. Możesz zgłosić anonimowo.", en: "Give them if you want news about your report. You may report anonymously." },
  firstName: { pl: "Imię", en: "First name" },
  lastName: { pl: "Nazwisko", en: "Last name" },
  email: { pl: "E-mail", en: "E-mail" },
  phone: { pl: "Telefon", en: "Phone" },
  consentMissing: { pl: "Aby podać dane kontaktowe, zaznacz zgodę.", en: "To give contact details, tick the consent." },
  duplicates: { pl: "Już zgłoszone w pobliżu", en: "Already reported nearby" },
  duplicatesHint: { pl: "Jeśli to ten sam problem, obserwuj istniejące zgłoszenie zamiast wysyłać nowe.", en: "If it is the same problem, follow the existing report instead of sending a new one." },
  followThis: { pl: "Obserwuj to zgłoszenie", en: "Follow this report" },
  metresAway: { pl: "{n} m stąd", en: "{n} m away" },
  send: { pl: "Wyślij zgłoszenie", en: "Send the report" },
  sending: { pl: "Wysyłamy…", en: "Sending…" },
  fixErrors: { pl: "Popraw zaznaczone pola:", en: "Please correct these fields:" },
  sentHeading: { pl: "Dziękujemy! Zgłoszenie przyjęte.", en: "Thank you! Your report is in." },
  sentNumber: { pl: "Numer zgłoszenia", en: "Report number" },
  sentHint: { pl: "Zapisz ten numer — po nim sprawdzisz, co dzieje się ze zgłoszeniem.", en: "Keep this number — with it you can see what happens to your report." },
  followLink: { pl: "Śledź zgłoszenie", en: "Follow the report" },
  another: { pl: "Zgłoś kolejny problem", en: "Report another problem" },
  sentEmergency: { pl: "To może być zagrożenie — jeśli ktoś jest w niebezpieczeństwie, dzwoń pod 112.", en: "This may be an emergency — if anyone is in danger, call 112." },
  savedOffline: { pl: "Brak połączenia. Zgłoszenie zapisaliśmy w telefonie i wyślemy je, gdy połączenie wróci.", en: "No connection. We kept the report on this device and will send it when the connection returns." },
  savedBusy: {
    pl: "Z tego adresu wysłano ostatnio wiele zgłoszeń. Zapisaliśmy zgłoszenie w urządzeniu i wyślemy je, gdy będzie to możliwe.",
    en: "Many reports came from this address lately. We kept your report on this device and will send it when we can.",
  },
  waitingReports: { pl: "Zgłoszenia czekające na wysłanie: {n}", en: "Reports waiting to be sent: {n}" },
  sentLater: { pl: "Wysłaliśmy zapisane zgłoszenie. Numer:", en: "We sent your saved report. Number:" },
  refusedLater: { pl: "Zapisanego zgłoszenia nie przyjęto:", en: "Your saved report was not accepted:" },
  // The public map.
  mapHeading: { pl: "Zgłoszenia na mapie", en: "Reports on the map" },
  filterCategory: { pl: "Kategoria", en: "Category" },
  filterStatus: { pl: "Stan", en: "Status" },
  filterSince: { pl: "Z ostatnich", en: "From the last" },
  all: { pl: "Wszystkie", en: "All" },
  openReports: { pl: "Otwarte", en: "Open" },
  closedReports: { pl: "Zamknięte", en: "Closed" },
  days: { pl: "{n} dni", en: "{n} days" },
  found: { pl: "Znaleziono: {n}", en: "Found: {n}" },
  // The chat.
  chatOpen: { pl: "Czat z konsultantem", en: "Chat with us" },
  chatClose: { pl: "Zamknij czat", en: "Close the chat" },
  chatHeading: { pl: "Czat z Centrum Kontaktu", en: "Chat with the Contact Centre" },
  chatStart: { pl: "Rozpocznij czat", en: "Start the chat" },
  chatWaiting: { pl: "Czekasz na konsultanta. Osób przed Tobą: {n}", en: "Waiting for a consultant. People before you: {n}" },
  chatConnected: { pl: "Konsultant jest z Tobą.", en: "A consultant is with you." },
  chatEnded: { pl: "Czat zakończony.", en: "The chat has ended." },
  chatMessage: { pl: "Wiadomość", en: "Message" },
  chatSend: { pl: "Wyślij", en: "Send" },
  chatYou: { pl: "Ty", en: "You" },
  chatAgent: { pl: "Konsultant", en: "Consultant" },
  chatEnd: { pl: "Zakończ czat", en: "End the chat" },
  emergency: {
    pl: "W sytuacji zagrożenia życia dzwoń pod 112.",
    en: "If life is in danger, call 112.",
  },
} as const;

export type TextKey = keyof typeof texts;

export type Values = Record<string, string | number>;

// A text in `language`, with {n}-style placeholders filled from `values`.
export function fill(text: string, values: Values = {}): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

export function t(key: TextKey, language: Language, values: Values = {}): string {
  return fill(texts[key][language], values);
}

// The language to start with: a saved choice, else the browser's first language.
export function pickLanguage(saved: string | null, browser: readonly string[]): Language {
  if (saved === "pl" || saved === "en") return saved;
  const first = (browser[0] ?? "pl").toLowerCase();
  return first.startsWith("en") ? "en" : "pl";
}
