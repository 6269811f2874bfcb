import type { Page } from '@playwright/test';

/**
 * Everything a payload that ran could leave behind, watched for the whole of a test: a call to
 * `window.__xss`, a dialog, a request to any origin but the app's, a page error, and a CSP
 * violation (which means hostile markup reached the DOM as HTML even if CSP then stopped it).
 */
export interface XssEvidence {
  hits: string[];
  dialogs: string[];
  offOrigin: string[];
  pageErrors: string[];
  cspViolations: string[];
}

/**
 * The icon index.html declares (`<link rel="icon" href="data:,">`): the app's own data: URL, and
 * the only request off the app's origin let through, should Chromium report it.
 */
const APP_OWN_URLS = new Set(['data:,']);

export async function watchForXss(page: Page, appOrigin: string): Promise<XssEvidence> {
  const evidence: XssEvidence = { hits: [], dialogs: [], offOrigin: [], pageErrors: [], cspViolations: [] };
  page.on('dialog', (dialog) => {
    evidence.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss().catch(() => undefined);
  });
  page.on('request', (request) => {
    const url = request.url();
    if (APP_OWN_URLS.has(url)) return;
    if (!url.startsWith(`${appOrigin}/`)) evidence.offOrigin.push(url);
  });
  page.on('pageerror', (error) => evidence.pageErrors.push(error.message));
  // Nothing off the app's origin is fetched, even when a test fails: a hostile URL must not leave the
  // machine. 204 rather than an abort: a navigation answered with it does not happen, so a payload that
  // tries to move the page away is recorded and the page stays to be checked.
  await page.route(
    (url) => url.origin !== appOrigin,
    (route) => route.fulfill({ status: 204, body: '' }),
  );
  // In every frame, now and after any navigation: a payload calling it is caught by name.
  await page.exposeFunction('__xss', (label: unknown) => {
    evidence.hits.push(String(label));
  });
  await page.exposeFunction('__xssCspViolation', (what: unknown) => {
    evidence.cspViolations.push(String(what));
  });
  const listen = () => {
    const w = window as unknown as { __xssCspViolation: (what: string) => void; __xssListening?: boolean };
    if (w.__xssListening === true) return;
    w.__xssListening = true;
    document.addEventListener('securitypolicyviolation', (event) =>
      w.__xssCspViolation(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'} (${event.sample})`),
    );
  };
  await page.addInitScript(listen);
  await page.evaluate(listen);
  return evidence;
}

/** `window.__xssHit`, which a payload may set instead of calling `__xss`. */
export async function xssHitFlag(page: Page): Promise<unknown> {
  return page.evaluate(() => (window as unknown as { __xssHit?: unknown }).__xssHit ?? null);
}

/**
 * Markup in the live DOM that the app itself never makes and a payload parsed as HTML would: event
 * handler attributes, script-bearing URLs, frames, plugins, <base>, refresh, inline <style>, and
 * the SVG elements that run or load things. Empty means every hostile string stayed text.
 */
export async function hostileMarkupInDom(page: Page): Promise<string[]> {
  return page.evaluate(
    (ownUrls) => {
      const found: string[] = [];
      const describe = (el: Element) => `<${el.tagName.toLowerCase()}${el.id === '' ? '' : `#${el.id}`}>`;
      const urlAttributes = [
        'href',
        'src',
        'action',
        'formaction',
        'data',
        'xlink:href',
        'srcdoc',
        'background',
        'poster',
        'ping',
      ];
      const banned =
        'iframe, frame, frameset, object, embed, applet, base, body meta, template, noscript, noembed, ' +
        'marquee, isindex, xmp, listing, plaintext, math, style, ' +
        'svg script, svg foreignObject, svg use, svg animate, svg set, svg handler, svg image, svg a, svg feImage';
      for (const el of Array.from(document.querySelectorAll(banned))) found.push(`${describe(el)} element`);
      for (const el of Array.from(document.querySelectorAll('script'))) {
        const src = el.getAttribute('src');
        if (src === null || el.textContent !== '' || new URL(src, location.href).origin !== location.origin) {
          found.push(`${describe(el)} not the app's own script`);
        }
      }
      for (const el of Array.from(document.querySelectorAll('link'))) {
        const href = el.getAttribute('href') ?? '';
        if (!ownUrls.includes(href) && new URL(href, location.href).origin !== location.origin) {
          found.push(`${describe(el)} to ${href}`);
        }
      }
      for (const el of Array.from(document.querySelectorAll('*'))) {
        for (const attr of Array.from(el.attributes)) {
          const name = attr.name.toLowerCase();
          if (name.startsWith('on')) found.push(`${describe(el)} ${name}=`);
          if (!urlAttributes.includes(name)) continue;
          // What a browser would act on: no controls or spaces, any case.
          const value = attr.value.replace(/[\u0000-\u0020]/g, '').toLowerCase();
          if (ownUrls.includes(attr.value)) continue;
          if (/^(javascript|vbscript|data):/.test(value) || value.includes('xss.invalid')) {
            found.push(`${describe(el)} ${name}=${attr.value.slice(0, 80)}`);
          }
        }
      }
      return found;
    },
    [...APP_OWN_URLS],
  );
}
