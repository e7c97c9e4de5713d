import { assetUrl } from './assets';
import type { Ctx } from './context';
import { type Html, html } from './html';

export interface PageOptions {
  title: string;
  description?: string;
  body: Html;
  /** Extra elements for <head> (JSON-LD). */
  head?: Html;
  /** The nav item to mark as current. */
  nav?: 'home' | 'datasets' | 'api';
}

/** The same page in the other language: this path and query, lang toggled. */
function otherLanguage(ctx: Ctx): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(ctx.query)) {
    if (k === 'lang' || v === undefined) continue;
    for (const item of Array.isArray(v) ? v : [v]) sp.append(k, item);
  }
  if (ctx.lang === 'vi') sp.set('lang', 'en');
  const s = sp.toString();
  return s ? `${ctx.path}?${s}` : ctx.path;
}

function here(ctx: Ctx): string {
  const s = new URLSearchParams(
    Object.entries(ctx.query).flatMap(([k, v]) =>
      v === undefined ? [] : (Array.isArray(v) ? v : [v]).map((x) => [k, x] as [string, string]),
    ),
  ).toString();
  return s ? `${ctx.path}?${s}` : ctx.path;
}

function account(ctx: Ctx): Html {
  const { t } = ctx;
  if (ctx.principal.kind === 'key') {
    return html`<li class="who">${t('signedInAs', { agency: ctx.principal.agency })}</li>
      <li><form class="inline" method="post" action="${ctx.href('/signout')}">
        <input type="hidden" name="next" value="${here(ctx)}">
        <button type="submit" class="link">${t('signOut')}</button></form></li>`;
  }
  return html`<li><a href="${ctx.href('/signin', { next: here(ctx) })}">${t('signIn')}</a></li>`;
}

export function layout(ctx: Ctx, page: PageOptions): string {
  const { t } = ctx;
  const current = (name: PageOptions['nav']) => (page.nav === name ? html` aria-current="page"` : '');
  const other = ctx.lang === 'vi' ? 'en' : 'vi';
  return `<!doctype html>\n${
    html`<html lang="${ctx.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title} — ${t('siteName')}</title>
${page.description ? html`<meta name="description" content="${page.description.slice(0, 300)}">` : ''}
<link rel="stylesheet" href="${assetUrl('portal.css')}">
<link rel="icon" href="${assetUrl('favicon.svg')}" type="image/svg+xml">
<link rel="alternate" hreflang="${other}" href="${otherLanguage(ctx)}">
<script src="${assetUrl('portal.js')}" defer></script>
${page.head ?? ''}
</head>
<body>
<a class="skip" href="#main">${t('skip')}</a>
<header class="site"><div class="wrap">
  <a class="brand" href="${ctx.href('/')}">${t('siteName')}<small>${t('siteTagline')}</small></a>
  <nav aria-label="${t('siteName')}"><ul>
    <li><a href="${ctx.href('/')}"${current('home')}>${t('navHome')}</a></li>
    <li><a href="${ctx.href('/datasets')}"${current('datasets')}>${t('navDatasets')}</a></li>
    <li><a href="${ctx.href('/about')}"${current('api')}>${t('navApi')}</a></li>
    <li><a href="${otherLanguage(ctx)}" lang="${other}" hreflang="${other}" aria-label="${t('switchLangLabel')}">${t('switchLang')}</a></li>
    ${account(ctx)}
  </ul></nav>
</div></header>
<main id="main" class="wrap" tabindex="-1">
${page.body}
</main>
<footer class="site"><div class="wrap">
  <p>${t('footer')} <a href="${ctx.href('/about')}">${t('navApi')}</a> · <a href="/docs">OpenAPI</a> · <a href="/graphql">GraphQL</a></p>
</div></footer>
</body>
</html>
`.value
  }`;
}
