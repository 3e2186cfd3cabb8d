import { useEffect, useMemo, useState } from "react";
import { connectTopup, connectUpmobile } from "./clients";
import { SettingsPanel } from "./SettingsPanel";
import { loadSettings, type Settings, saveSettings } from "./settings";
import { Alert } from "./shared/ui";
import { TopupForm } from "./topup/TopupForm";
import { UpmobilePanel } from "./upmobile/UpmobilePanel";

const storage = typeof sessionStorage === "undefined" ? undefined : sessionStorage;

/** The demo: settings on top, then one section per API. */
export function App() {
  const [settings, setSettings] = useState<Settings>(() => loadSettings(storage, import.meta.env));
  useEffect(() => saveSettings(storage, settings), [settings]);
  const upmobile = useMemo(() => connectUpmobile(settings.upmobile), [settings.upmobile]);
  const topup = useMemo(() => connectTopup(settings.topup), [settings.topup]);

  return (
    <div className="app">
      <header>
        <h1>Payment contracts demo</h1>
        <p>Upmobile and Topup through the generated clients, against the sandbox, the mocks or a provider.</p>
      </header>
      <SettingsPanel settings={settings} onApply={setSettings} />
      <main>
        <UpmobilePanel connection={upmobile} />
        <section className="panel" aria-labelledby="topup-heading">
          <h2 id="topup-heading">Topup</h2>
          {topup.problem !== undefined ? (
            <Alert>{topup.problem}</Alert>
          ) : (
            <TopupForm key={topup.context.baseUrl} client={topup.client} context={topup.context} />
          )}
        </section>
      </main>
    </div>
  );
}
