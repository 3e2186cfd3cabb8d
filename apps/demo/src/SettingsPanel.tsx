import { type FormEvent, useState } from "react";
import { type ApiName, applyPreset, PRESETS, type PresetName, type Settings } from "./settings";
import { Field } from "./shared/ui";

const APIS: { name: ApiName; title: string }[] = [
  { name: "upmobile", title: "Upmobile" },
  { name: "topup", title: "Topup" },
];

/** Base URL and token per API; edits apply together, so a half-typed URL never reaches a client. */
export function SettingsPanel({ settings, onApply }: { settings: Settings; onApply: (next: Settings) => void }) {
  const [draft, setDraft] = useState(settings);
  const changed = JSON.stringify(draft) !== JSON.stringify(settings);

  const edit = (api: ApiName, key: "baseUrl" | "token", value: string) =>
    setDraft((d) => ({ ...d, [api]: { ...d[api], [key]: value } }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(draft);
  };

  return (
    <details className="panel settings" open={settings.upmobile.token === "" || settings.topup.token === ""}>
      <summary>
        <h2>Settings</h2>
        <span className="muted">
          {settings.upmobile.baseUrl} · {settings.topup.baseUrl}
        </span>
      </summary>
      <form onSubmit={submit} aria-label="Settings">
        <div className="presets">
          {(Object.keys(PRESETS) as PresetName[]).map((name) => (
            <button
              key={name}
              type="button"
              className="secondary"
              onClick={() => setDraft((d) => applyPreset(d, name, import.meta.env))}
            >
              Use {PRESETS[name].label}
            </button>
          ))}
        </div>
        <div className="grid">
          {APIS.map(({ name, title }) => (
            <fieldset key={name}>
              <legend>{title}</legend>
              <Field id={`${name}-base-url`} label="Base URL">
                <input
                  id={`${name}-base-url`}
                  type="url"
                  value={draft[name].baseUrl}
                  onChange={(e) => edit(name, "baseUrl", e.target.value)}
                  spellCheck={false}
                />
              </Field>
              <Field id={`${name}-token`} label="Token">
                <input
                  id={`${name}-token`}
                  type="password"
                  value={draft[name].token}
                  onChange={(e) => edit(name, "token", e.target.value)}
                  autoComplete="off"
                  placeholder="kept in this tab only"
                />
              </Field>
            </fieldset>
          ))}
        </div>
        <button type="submit" disabled={!changed}>
          Apply settings
        </button>
        <small className="hint">
          Tokens stay in this tab's memory and sessionStorage; they are never logged. The sandbox prints its tokens when
          it starts.
        </small>
      </form>
    </details>
  );
}
