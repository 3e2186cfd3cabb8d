/** Text made safe inside HTML (and inside a double- or single-quoted attribute). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A page of the site around the Redoc ones: the shared look, `css` for its own parts, `main` its content. */
export function htmlPage(title: string, width: string, css: string, main: string): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(title)}</title>
  <style>
    body { font: 16px/1.5 system-ui, sans-serif; margin: 0; color: #1f2933; background: #f5f7fa; }
    main { max-width: ${width}; margin: 0 auto; padding: 2rem 1rem; }
    code { background: #eef2f7; padding: 0 0.2rem; border-radius: 3px; }
${css}
  </style>
</head>
<body>
  <main>
${main}
  </main>
</body>
</html>
`;
}
