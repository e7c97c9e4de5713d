/**
 * A tiny HTML templating tag with automatic escaping. Every interpolated value is escaped
 * unless it is already Html (a nested html`` fragment, or raw() for trusted markup such as
 * our own generated SVG numbers). Titles and record values are user-supplied: never raw() them.
 */
export class Html {
  constructor(readonly value: string) {}
  toString() {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

export type Value = Html | string | number | boolean | null | undefined | readonly Value[];

function render(v: Value): string {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof Html) return v.value;
  if (Array.isArray(v)) return v.map(render).join('');
  return escapeHtml(String(v));
}

export function html(strings: TemplateStringsArray, ...values: Value[]): Html {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return new Html(out);
}

/** Trusted markup, inserted as is. */
export const raw = (s: string) => new Html(s);

/** JSON inside <script type="application/ld+json">: no "</script>", no HTML comment, no line separators. */
export function jsonForScript(data: unknown): Html {
  return raw(
    JSON.stringify(data)
      .replace(/</g, '\\u003c')
      .replace(/>/g, '\\u003e')
      .replace(/&/g, '\\u0026')
      .replace(/\u2028/g, '\\u2028')
      .replace(/\u2029/g, '\\u2029'),
  );
}

/** Only http(s) links from data become hrefs (never javascript: or data:). */
export const safeUrl = (s: string | null | undefined): string | null =>
  typeof s === 'string' && /^https?:\/\/[^\s"<>]+$/i.test(s.trim()) ? s.trim() : null;
