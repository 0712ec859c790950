// Supervisors give agents (and experts) their routing profile: a level for each queue's skill,
// the languages they speak, how many chats they take at once. The router offers a contact to
// an available agent with the queue's skill and language.

import { useMemo, useState } from "preact/hooks";
import type { Language } from "../i18n";
import { useLoaded } from "../page";
import { contactSetup, profiles, saveProfile, type Profile } from "./api";
import { st } from "./texts";

const empty = (): Profile => ({ username: "", skills: {}, languages: ["pl"], capacity: { chat: 3 } });

export function Profiles({ language }: { language: Language }) {
  const [version, setVersion] = useState(0);
  const { value: list } = useLoaded(profiles, [version]);
  const { value: setup } = useLoaded(contactSetup, []);
  const skills = useMemo(() => [...new Set((setup?.queues ?? []).map((q) => q.skill))].sort(), [setup]);
  const [form, setForm] = useState<Profile>(empty);
  const [message, setMessage] = useState("");

  return (
    <section aria-labelledby="profiles-heading">
      <h1 id="profiles-heading">{st("profilesHeading", language)}</h1>
      <p class="hint">{st("profilesHint", language)}</p>
      <p role="status">{message}</p>
      <table class="queue">
        <thead>
          <tr>
            <th scope="col">{st("username", language)}</th>
            <th scope="col">{st("languagesLabel", language)}</th>
            <th scope="col">{st("skillLevel", language, { s: "…" })}</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {(list ?? []).map((p) => (
            <tr key={p.username}>
              <td>{p.username}</td>
              <td>{p.languages.join(", ")}</td>
              <td>
                {Object.entries(p.skills)
                  .map(([s, n]) => `${s} ${n}`)
                  .join(", ")}
              </td>
              <td>
                <button type="button" class="secondary" onClick={() => setForm({ ...empty(), ...p })}>
                  {st("edit", language, { u: p.username })}
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
          const skillsSet = Object.fromEntries(Object.entries(form.skills).filter(([, n]) => n > 0));
          saveProfile({ ...form, skills: skillsSet }).then(
            () => (setMessage(st("saved", language)), setVersion((v) => v + 1)),
            (err: Error) => setMessage(st("failed", language, { m: err.message })),
          );
        }}
      >
        <label for="profile-user">{st("username", language)}</label>
        <input
          id="profile-user"
          class="text narrow"
          value={form.username}
          onInput={(e) => setForm((f) => ({ ...f, username: (e.target as HTMLInputElement).value }))}
        />
        <div class="skills">
          {skills.map((s) => (
            <div key={s} class="field">
              <label for={`skill-${s}`}>{st("skillLevel", language, { s })}</label>
              <input
                id={`skill-${s}`}
                class="text narrow"
                type="number"
                min={0}
                max={10}
                value={form.skills[s] ?? 0}
                onInput={(e) =>
                  setForm((f) => ({ ...f, skills: { ...f.skills, [s]: Number((e.target as HTMLInputElement).value) } }))
                }
              />
            </div>
          ))}
        </div>
        <fieldset>
          <legend>{st("languagesLabel", language)}</legend>
          {["pl", "en"].map((l) => (
            <div key={l} class="option">
              <input
                id={`lang-${l}`}
                type="checkbox"
                checked={form.languages.includes(l)}
                onChange={(e) =>
                  setForm((f) => ({
                    ...f,
                    languages: (e.target as HTMLInputElement).checked ? [...f.languages, l] : f.languages.filter((x) => x !== l),
                  }))
                }
              />
              <label for={`lang-${l}`}>{l === "pl" ? "polski" : "English"}</label>
            </div>
          ))}
        </fieldset>
        <label for="chat-capacity">{st("chatCapacity", language)}</label>
        <input
          id="chat-capacity"
          class="text narrow"
          type="number"
          min={1}
          max={10}
          value={form.capacity.chat ?? 3}
          onInput={(e) => setForm((f) => ({ ...f, capacity: { ...f.capacity, chat: Number((e.target as HTMLInputElement).value) } }))}
        />
        <button type="submit" class="primary small">
          {st("saveProfile", language)}
        </button>
      </form>
    </section>
  );
}
