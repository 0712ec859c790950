// The staff screens' words, Polish and English.

import { fill, type Language, type Values } from "../i18n";

const texts = {
  staffTitle: { pl: "Ratusz — dla pracowników", en: "Ratusz — for staff" },
  login: { pl: "Zaloguj się", en: "Log in" },
  username: { pl: "Użytkownik", en: "Username" },
  password: { pl: "Hasło", en: "Password" },
  loginFailed: { pl: "Nieprawidłowy użytkownik lub hasło.", en: "Wrong username or password." },
  logout: { pl: "Wyloguj", en: "Log out" },
  notYet: {
    pl: "Ekran dla Twojej roli powstaje. Do tego czasu pracuj przez API.",
    en: "The screen for your role is being built. Until then, work through the API.",
  },
  queueHeading: { pl: "Zadania moich jednostek", en: "My units' tasks" },
  queueEmpty: { pl: "Brak otwartych zadań.", en: "No open tasks." },
  select: { pl: "Zaznacz {n}", en: "Select {n}" },
  selectAll: { pl: "Zaznacz wszystkie", en: "Select all" },
  selected: { pl: "Zaznaczone: {n}", en: "Selected: {n}" },
  bulkStatus: { pl: "Zmień stan zaznaczonych na", en: "Set the selected to" },
  bulkGroup: { pl: "Działania na zaznaczonych", en: "Actions on the selected" },
  apply: { pl: "Zastosuj", en: "Apply" },
  applied: { pl: "Zmieniono: {n}. Nie udało się: {f}.", en: "Changed: {n}. Failed: {f}." },
  number: { pl: "Numer", en: "Number" },
  category: { pl: "Kategoria", en: "Category" },
  place: { pl: "Miejsce", en: "Place" },
  unit: { pl: "Jednostka", en: "Unit" },
  state: { pl: "Stan zadania", en: "Task state" },
  deadline: { pl: "Termin", en: "Deadline" },
  priority: { pl: "Priorytet", en: "Priority" },
  open: { pl: "Otwórz", en: "Open" },
  back: { pl: "← Wróć do listy", en: "← Back to the list" },
  description: { pl: "Opis", en: "Description" },
  photos: { pl: "Zdjęcia i pliki", en: "Photos and files" },
  history: { pl: "Historia", en: "History" },
  changeState: { pl: "Nowy stan zadania", en: "New task state" },
  note: { pl: "Notatka", en: "Note" },
  publicNote: { pl: "Widoczna dla mieszkańca", en: "Shown to the resident" },
  save: { pl: "Zapisz", en: "Save" },
  addNote: { pl: "Dodaj notatkę", en: "Add the note" },
  addPhoto: { pl: "Dodaj zdjęcie lub plik", en: "Add a photo or file" },
  uploaded: { pl: "Dodano plik.", en: "File added." },
  saved: { pl: "Zapisano.", en: "Saved." },
  failed: { pl: "Nie udało się: {m}", en: "Failed: {m}" },
  s_new: { pl: "nowe", en: "new" },
  s_acknowledged: { pl: "przyjęte", en: "acknowledged" },
  s_in_progress: { pl: "w realizacji", en: "in progress" },
  s_waiting_resident: { pl: "czeka na mieszkańca", en: "waiting for the resident" },
  s_waiting_third_party: { pl: "czeka na innych", en: "waiting for others" },
  s_resolved: { pl: "załatwione", en: "resolved" },
  s_closed: { pl: "zamknięte", en: "closed" },
  s_reopened: { pl: "ponownie otwarte", en: "reopened" },
  s_rejected: { pl: "odrzucone", en: "rejected" },
  s_duplicate: { pl: "duplikat", en: "duplicate" },
} as const;

export type StaffKey = keyof typeof texts;

export function st(key: StaffKey, language: Language, values: Values = {}): string {
  return fill(texts[key][language], values);
}

export const kTaskStates = [
  "new",
  "acknowledged",
  "in_progress",
  "waiting_resident",
  "waiting_third_party",
  "resolved",
  "rejected",
] as const;

export function stateLabel(state: string, language: Language): string {
  const key = `s_${state}` as StaffKey;
  return key in texts ? st(key, language) : state;
}
