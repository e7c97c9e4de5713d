import type { Ctx } from '../context';
import { html } from '../html';
import { layout } from '../layout';

export function aboutPage(ctx: Ctx): string {
  const { t } = ctx;
  const u = ctx.publicUrl;
  const body = html`
  <h1>${t('aboutTitle')}</h1>
  <p class="lead">${t('aboutIntro')}</p>
  <ul>
    <li><a href="/docs">${t('aboutDocs')}</a> — <code>/docs</code>, <a href="/openapi.json"><code>/openapi.json</code></a></li>
    <li><a href="/graphql">${t('aboutGraphql')}</a> — <code>POST /graphql</code></li>
    <li>${t('aboutDcat')}: <a href="/v1/catalog.jsonld"><code>/v1/catalog.jsonld</code></a>, <a href="/v1/catalog.ttl"><code>/v1/catalog.ttl</code></a></li>
    <li>${t('aboutCkan')}: <a href="/api/3/action/package_list"><code>/api/3/action/package_list</code></a></li>
  </ul>
  <h2>REST</h2>
  <pre><code>curl '${u}/v1/datasets?q=y+te'
curl '${u}/v1/areas?level=district&amp;at=2022-01-01'
curl '${u}/v1/observations?indicator=…&amp;area=52'</code></pre>
  <p>${t('aboutKey')}</p>
  <pre><code>curl -H 'Authorization: Bearer kho_…' '${u}/v1/datasets?access=shared'</code></pre>`;
  return layout(ctx, { title: t('aboutTitle'), description: t('aboutIntro'), body, nav: 'api' });
}

export function signInPage(ctx: Ctx, next: string, error?: string): string {
  const { t } = ctx;
  const body = html`
  <h1>${t('signInTitle')}</h1>
  <p>${t('signInIntro')}</p>
  ${error ? html`<div class="alert" role="alert" id="key-error">${t('signInFailed', { reason: error })}</div>` : ''}
  <form method="post" action="${ctx.href('/signin')}" class="search">
    <div class="field"><label for="key">${t('keyLabel')}</label>
      <input type="password" id="key" name="key" required autocomplete="off" spellcheck="false" pattern="kho_.*"${error ? html` aria-invalid="true" aria-describedby="key-error"` : ''}></div>
    <input type="hidden" name="next" value="${next}">
    <button type="submit">${t('signInButton')}</button>
  </form>`;
  return layout(ctx, { title: t('signInTitle'), body });
}

export function errorPage(ctx: Ctx, status: number, message?: string): string {
  const { t } = ctx;
  const title =
    status === 404
      ? t('notFoundTitle')
      : status === 403
        ? t('forbiddenTitle')
        : status < 500
          ? t('badRequestTitle')
          : t('errorTitle');
  const text =
    status === 404 ? t('notFoundText') : status >= 500 ? t('errorText', { id: ctx.requestId }) : '';
  const body = html`
  <h1>${title}</h1>
  ${message ? html`<p class="lead">${message}</p>` : ''}
  ${text ? html`<p>${text}</p>` : ''}
  <form class="search" role="search" method="get" action="/datasets">
    <div class="field"><label for="q">${t('searchLabel')}</label><input type="search" id="q" name="q" maxlength="200"></div>
    ${ctx.lang === 'en' ? html`<input type="hidden" name="lang" value="en">` : ''}
    <button type="submit">${t('searchButton')}</button>
  </form>
  <p><a href="${ctx.href('/')}">${t('backHome')}</a></p>`;
  return layout(ctx, { title, body });
}
