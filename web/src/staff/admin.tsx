// Administration, a first cut: users and roles (add, disable, enable), the Open311 API keys
// (create — the secret shown once — and revoke), and the city as configured (units, categories
// with their questions and workflow), read-only: the city is changed in its configuration file.

import { useState } from "preact/hooks";
import type { Language } from "../i18n";
import { useLoaded } from "../page";
import { addUser, cityCatalog, createKey, listKeys, listUsers, revokeKey, setDisabled, type ApiKeyItem } from "./api";
import { st } from "./texts";

const kRoles = ["agent", "specialist", "supervisor", "expert", "editor", "auditor", "admin"];

export function Admin({ language }: { language: Language }) {
  return (
    <>
      <Users language={language} />
      <Keys language={language} />
      <City language={language} />
    </>
  );
}

function Users({ language }: { language: Language }) {
  const [version, setVersion] = useState(0);
  const { value: users } = useLoaded(listUsers, [version]);
  const { value: city } = useLoaded(cityCatalog, []);
  const [form, setForm] = useState({ username: "", display_name: "", role: "agent", departments: [] as string[], password: "" });
  const [message, setMessage] = useState("");
  const done = (p: Promise<unknown>, ok: string) =>
    p.then(
      () => (setMessage(ok), setVersion((v) => v + 1)),
      (e: Error) => setMessage(st("failed", language, { m: e.message })),
    );
  const field = (name: "username" | "display_name" | "password", label: string, type = "text") => (
    <div class="field">
      <label for={`new-${name}`}>{label}</label>
      <input
        id={`new-${name}`}
        class="text"
        type={type}
        autocomplete={name === "password" ? "new-password" : "off"}
        value={form[name]}
        onInput={(e) => setForm((f) => ({ ...f, [name]: (e.target as HTMLInputElement).value }))}
      />
    </div>
  );
  return (
    <section aria-labelledby="users-heading">
      <h2 id="users-heading">{st("usersHeading", language)}</h2>
      <p role="status">{message}</p>
      <table class="queue">
        <thead>
          <tr>
            <th scope="col">{st("username", language)}</th>
            <th scope="col">{st("displayName", language)}</th>
            <th scope="col">{st("role", language)}</th>
            <th scope="col">{st("units", language)}</th>
            <th scope="col">{st("agentState", language)}</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {(users ?? []).map((u) => (
            <tr key={u.username}>
              <td>{u.username}</td>
              <td>{u.display_name}</td>
              <td>{u.role}</td>
              <td>{u.departments.join(", ")}</td>
              <td>{u.disabled ? st("disabledState", language) : st("active", language)}</td>
              <td>
                <button type="button" class="secondary" onClick={() => void done(setDisabled(u.username, !u.disabled), st("saved", language))}>
                  {st(u.disabled ? "enable" : "disable", language, { u: u.username })}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form
        class="panel"
        onSubmit={(e) => {
          e.preventDefault();
          void done(addUser(form), st("userAdded", language, { u: form.username })).then(() =>
            setForm({ username: "", display_name: "", role: "agent", departments: [], password: "" }),
          );
        }}
      >
        <h3>{st("addUser", language)}</h3>
        {field("username", st("username", language))}
        {field("display_name", st("displayName", language))}
        <label for="new-role">{st("role", language)}</label>
        <select id="new-role" value={form.role} onChange={(e) => setForm((f) => ({ ...f, role: (e.target as HTMLSelectElement).value }))}>
          {kRoles.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
        <label for="new-units">{st("units", language)}</label>
        <select
          id="new-units"
          multiple
          size={5}
          aria-describedby="new-units-hint"
          onChange={(e) =>
            setForm((f) => ({ ...f, departments: Array.from((e.target as HTMLSelectElement).selectedOptions, (o) => o.value) }))
          }
        >
          {(city?.units ?? []).map((u) => (
            <option key={u.id} value={u.id} selected={form.departments.includes(u.id)}>
              {u.name[language]}
            </option>
          ))}
        </select>
        <p id="new-units-hint" class="hint">
          {st("unitsHint", language)}
        </p>
        {field("password", st("newPassword", language), "password")}
        <button type="submit" class="primary small">
          {st("addUser", language)}
        </button>
      </form>
    </section>
  );
}

function Keys({ language }: { language: Language }) {
  const [version, setVersion] = useState(0);
  const { value: keys } = useLoaded(listKeys, [version]);
  const [name, setName] = useState("");
  const [created, setCreated] = useState<ApiKeyItem | null>(null);
  const [message, setMessage] = useState("");
  return (
    <section aria-labelledby="keys-heading">
      <h2 id="keys-heading">{st("keysHeading", language)}</h2>
      <p role="status">{message}</p>
      {created?.key && (
        <div class="notice" role="alert">
          <p>{st("keyOnce", language, { n: created.name })}</p>
          <code class="secret">{created.key}</code>
        </div>
      )}
      <ul class="plain">
        {(keys ?? []).map((k) => (
          <li key={k.id}>
            #{k.id} <strong>{k.name}</strong> <code>{k.prefix}…</code> {k.revoked && `(${st("revoked", language)})`}{" "}
            {!k.revoked && (
              <button
                type="button"
                class="secondary"
                onClick={() =>
                  void revokeKey(k.id).then(
                    () => setVersion((v) => v + 1),
                    (e: Error) => setMessage(e.message),
                  )
                }
              >
                {st("revoke", language, { n: k.name })}
              </button>
            )}
          </li>
        ))}
      </ul>
      <form
        class="row-buttons"
        onSubmit={(e) => {
          e.preventDefault();
          createKey(name).then(
            (k) => (setCreated(k), setName(""), setVersion((v) => v + 1)),
            (err: Error) => setMessage(st("failed", language, { m: err.message })),
          );
        }}
      >
        <label for="key-name">{st("keyName", language)}</label>
        <input id="key-name" class="text narrow" value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
        <button type="submit" class="secondary">
          {st("createKey", language)}
        </button>
      </form>
    </section>
  );
}

function City({ language }: { language: Language }) {
  const { value: city } = useLoaded(cityCatalog, []);
  const unit = (id: string) => city?.units.find((u) => u.id === id)?.name[language] ?? id;
  return (
    <section aria-labelledby="city-heading">
      <h2 id="city-heading">{st("cityHeading", language)}</h2>
      <p class="hint">{st("cityHint", language)}</p>
      <details>
        <summary>{st("units", language)}</summary>
        <table class="queue">
          <thead>
            <tr>
              <th scope="col">{st("unit", language)}</th>
              <th scope="col">{st("calendar", language)}</th>
              <th scope="col">{st("escalateTo", language)}</th>
            </tr>
          </thead>
          <tbody>
            {(city?.units ?? []).map((u) => (
              <tr key={u.id}>
                <td>{u.name[language]}</td>
                <td>{u.calendar}</td>
                <td>{u.escalate_to ? unit(u.escalate_to) : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
      <details>
        <summary>{st("categoriesCol", language)}</summary>
        <table class="queue">
          <thead>
            <tr>
              <th scope="col">{st("category", language)}</th>
              <th scope="col">{st("questionsCol", language)}</th>
              <th scope="col">{st("dispatch", language)}</th>
              <th scope="col">{st("priority", language)}</th>
              <th scope="col">{st("slaHours", language)}</th>
            </tr>
          </thead>
          <tbody>
            {(city?.services ?? []).map((s) => (
              <tr key={s.code}>
                <td>
                  {s.name[language]} <code>{s.code}</code>
                </td>
                <td>
                  {s.questions.map((q) => (
                    <div key={q.code}>
                      {q.description[language]} ({q.datatype}
                      {q.required ? ", *" : ""})
                    </div>
                  ))}
                </td>
                <td>{s.workflow.dispatch.map(unit).join(", ")}</td>
                <td>{s.workflow.priority}</td>
                <td>
                  {Object.entries(s.workflow.sla_hours)
                    .map(([p, h]) => `${p}: ${h}`)
                    .join(", ")}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}
