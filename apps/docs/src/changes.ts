// The "Changes" page of an API: what changed between its tagged spec versions (git tags `spec/<alias>@<version>`),
// and what is unreleased on the branch, each change marked breaking or not for the generated clients, as
// `pnpm spec:diff` judges it.
import { writeFile } from "node:fs/promises";
import type { LoadedApi } from "@contracts/codegen";
import {
  type ApiDiff,
  diffVersions,
  groupChanges,
  readVersionAt,
  specTag,
  specTags,
  verdict,
  versionOf,
} from "@contracts/spec-diff";
import { escapeHtml, htmlPage } from "./html.js";

/** One section of the page: a released version (against the one before it), or the unreleased changes. */
export interface ChangesSection {
  title: string;
  /** Null for the first tagged version, which has nothing before it. */
  diff: ApiDiff | null;
}

/** The sections, newest first: unreleased changes (when there are any), then each tagged version. */
export async function changesSections(root: string, api: LoadedApi): Promise<ChangesSection[]> {
  const { alias } = api;
  const tags = await specTags(root, alias);
  if (tags.length === 0) return [];
  // each tagged version is read once (a git checkout of its spec folder and codegen's reading), then compared
  // with its neighbours; the work tree's is the one the build already read.
  const [now, ...released] = await Promise.all([versionOf(api), ...tags.map((t) => readVersionAt(root, alias, t.tag))]);
  const sections: ChangesSection[] = tags.map(({ version }, i) => ({
    title: version,
    diff: i === 0 ? null : diffVersions(alias, released[i - 1] ?? null, released[i] ?? null),
  }));
  const unreleased = diffVersions(alias, released.at(-1) ?? null, now);
  if (unreleased.changes.length > 0) {
    sections.push({ title: `Unreleased (since ${tags.at(-1)?.version})`, diff: unreleased });
  }
  return sections.reverse();
}

export async function writeChangesPage(root: string, api: LoadedApi, file: string): Promise<void> {
  await writeFile(file, renderChangesPage(api.facts.title, api.alias, await changesSections(root, api)));
}

export function renderChangesPage(title: string, alias: string, sections: readonly ChangesSection[]): string {
  const body =
    sections.length === 0
      ? `<p>No version of this spec is tagged yet (git tags <code>${escapeHtml(specTag(alias, "<version>"))}</code>).</p>`
      : sections.map(renderSection).join("\n");
  const css = `    section { background: #fff; border: 1px solid #d9e2ec; border-radius: 8px; padding: 0.5rem 1.5rem; margin: 1rem 0; }
    .breaking { color: #9b1c1c; font-weight: 600; }
    .verdict { color: #52606d; }`;
  return htmlPage(
    `${title} — changes`,
    "60rem",
    css,
    `  <p><a href="../index.html">API reference</a> · <a href="index.html">${escapeHtml(title)}</a></p>
  <h1>${escapeHtml(title)}: changes</h1>
  <p>Each change is judged for the clients generated from the spec: a request they could send must stay valid, and
    every answer the new spec allows must be one they read. Breaking changes need a new major version.</p>
${body}`,
  );
}

function renderSection({ title, diff }: ChangesSection): string {
  if (!diff) return `  <section><h2>${escapeHtml(title)}</h2><p>The first tagged version.</p></section>`;
  const items = groupChanges(diff.changes).map((group) => {
    const places = group.places.map((p) => `<code>${escapeHtml(p)}</code>`).join(", ");
    const mark = group.severity === "breaking" ? '<span class="breaking">Breaking:</span> ' : "";
    return `      <li>${mark}${places}: ${escapeHtml(group.message)}</li>`;
  });
  return `  <section>
    <h2>${escapeHtml(title)}</h2>
    <p class="verdict">${escapeHtml(verdict(diff))}</p>
    ${items.length === 0 ? "<p>No changes.</p>" : `<ul>\n${items.join("\n")}\n    </ul>`}
  </section>`;
}
