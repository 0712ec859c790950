// The staff screens (/staff): the login, then the screen of the user's role — the agents' (and
// experts') console, the specialists' work queue, the supervisors' wallboard. Loaded only under /staff, so residents never
// download it.

import { useEffect, useState } from "preact/hooks";
import { pickLanguage, type Language } from "../i18n";
import { ApiError, login, logout, me, type User } from "./api";
import { Admin } from "./admin";
import { Console } from "./console";
import { Profiles } from "./profiles";
import { Queue } from "./queue";
import { Wallboard } from "./wallboard";
import { st } from "./texts";

export function StaffApp() {
  const [language, setLanguage] = useState<Language>(() =>
    pickLanguage(localStorage.getItem("ratusz.language"), navigator.languages ?? []),
  );
  const [user, setUser] = useState<User | null | undefined>(undefined);
  useEffect(() => {
    me().then(setUser, () => setUser(null));
  }, []);
  useEffect(() => {
    document.documentElement.lang = language;
    document.title = st("staffTitle", language);
    localStorage.setItem("ratusz.language", language);
  }, [language]);
  const other: Language = language === "pl" ? "en" : "pl";

  return (
    <>
      <header class="bar">
        <span class="brand">{st("staffTitle", language)}</span>
        <span class="who">
          {user && (
            <>
              <span>{user.display_name || user.username}</span>
              <button type="button" class="lang" onClick={() => logout().finally(() => setUser(null))}>
                {st("logout", language)}
              </button>
            </>
          )}
          <button type="button" class="lang" lang={other} onClick={() => setLanguage(other)}>
            {other === "en" ? "English" : "Polski"}
          </button>
        </span>
      </header>
      <main id="main" class="staff">
        {user === null && <Login language={language} onIn={setUser} />}
        {user && user.role === "specialist" && <Queue user={user} language={language} />}
        {user && (user.role === "supervisor" || user.role === "admin") && <Lead user={user} language={language} />}
        {user && (user.role === "agent" || user.role === "expert") && <Console user={user} language={language} />}
        {user && !["specialist", "supervisor", "admin", "agent", "expert"].includes(user.role) && (
          <p>{st("notYet", language)}</p>
        )}
      </main>
    </>
  );
}

// Supervisors: the wallboard, and the units' tasks; administrators also the administration.
function Lead({ user, language }: { user: User; language: Language }) {
  const [tab, setTab] = useState<"wallboard" | "queue" | "profiles" | "admin">("wallboard");
  return (
    <>
      <nav class="tabs" aria-label={st("staffTitle", language)}>
        <button type="button" class="secondary" aria-pressed={tab === "wallboard"} onClick={() => setTab("wallboard")}>
          {st("tabWallboard", language)}
        </button>
        <button type="button" class="secondary" aria-pressed={tab === "queue"} onClick={() => setTab("queue")}>
          {st("tabQueue", language)}
        </button>
        <button type="button" class="secondary" aria-pressed={tab === "profiles"} onClick={() => setTab("profiles")}>
          {st("tabProfiles", language)}
        </button>
        {user.role === "admin" && (
          <button type="button" class="secondary" aria-pressed={tab === "admin"} onClick={() => setTab("admin")}>
            {st("tabAdmin", language)}
          </button>
        )}
      </nav>
      {tab === "wallboard" && <Wallboard language={language} />}
      {tab === "queue" && <Queue user={user} language={language} />}
      {tab === "profiles" && <Profiles language={language} />}
      {tab === "admin" && <Admin language={language} />}
    </>
  );
}

function Login({ language, onIn }: { language: Language; onIn: (u: User) => void }) {
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState("");
  return (
    <form
      class="login"
      onSubmit={(e) => {
        e.preventDefault();
        login(username, password).then(
          (r) => onIn(r.user),
          (err: unknown) => setError(err instanceof ApiError && err.status < 500 ? st("loginFailed", language) : String(err)),
        );
      }}
    >
      <h1>{st("login", language)}</h1>
      {error && <p role="alert">{error}</p>}
      <label for="username">{st("username", language)}</label>
      <input id="username" class="text" autocomplete="username" value={username} onInput={(e) => setUsername((e.target as HTMLInputElement).value)} />
      <label for="password">{st("password", language)}</label>
      <input
        id="password"
        class="text"
        type="password"
        autocomplete="current-password"
        value={password}
        onInput={(e) => setPassword((e.target as HTMLInputElement).value)}
      />
      <button type="submit" class="primary">
        {st("login", language)}
      </button>
    </form>
  );
}
