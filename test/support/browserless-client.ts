/** One HTTP answer, body read as text; redirects are never followed automatically. */
export interface BrowserlessResponse {
  readonly url: URL;
  readonly status: number;
  readonly location: URL | undefined;
  readonly headers: Headers;
  readonly body: string;
}

/** An HTML form found on a page: where it posts to and the fields it would send as it stands. */
export interface HtmlForm {
  readonly action: URL;
  readonly method: string;
  readonly fields: Readonly<Record<string, string>>;
  /** Submit buttons: pressing one adds its name and value to the fields. */
  readonly buttons: readonly HtmlButton[];
}

export interface HtmlButton {
  readonly label: string;
  readonly name: string | undefined;
  readonly value: string;
}

interface StoredCookie {
  readonly name: string;
  readonly value: string;
  readonly path: string;
  readonly origin: string;
}

/**
 * What a browser does for an authorization flow, minus the browser: real HTTP with node's fetch, a cookie
 * jar (origin and path matched), manual redirects and HTML form submission.
 */
export class BrowserlessClient {
  readonly #cookies = new Map<string, StoredCookie>();

  async get(url: string | URL): Promise<BrowserlessResponse> {
    return this.#send(new URL(url), { method: 'GET' });
  }

  async postForm(url: string | URL, fields: Readonly<Record<string, string>>): Promise<BrowserlessResponse> {
    return this.#send(new URL(url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  }

  /** Follows redirects while they stay on `origin`; returns the last answer there and where it leads, if elsewhere. */
  async followWithin(origin: string, first: BrowserlessResponse): Promise<{ page: BrowserlessResponse; leavesTo?: URL }> {
    let current = first;
    for (let hops = 0; hops < 20; hops += 1) {
      const next = current.location;
      if (next === undefined) return { page: current };
      if (next.origin !== origin) return { page: current, leavesTo: next };
      current = await this.get(next);
    }
    throw new Error('More than 20 redirects within the authorization server.');
  }

  async #send(url: URL, init: { method: string; headers?: Record<string, string>; body?: string }): Promise<BrowserlessResponse> {
    const cookie = this.#cookieHeader(url);
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...init.headers, accept: 'text/html', ...(cookie === '' ? {} : { cookie }) },
    });
    for (const header of response.headers.getSetCookie()) this.#store(url, header);
    const location = response.headers.get('location');
    return {
      url,
      status: response.status,
      location: location === null ? undefined : new URL(location, url),
      headers: response.headers,
      body: await response.text(),
    };
  }

  #cookieHeader(url: URL): string {
    return [...this.#cookies.values()]
      .filter((cookie) => cookie.origin === url.origin && pathMatches(cookie.path, url.pathname))
      .map((cookie) => `${cookie.name}=${cookie.value}`)
      .join('; ');
  }

  #store(url: URL, header: string): void {
    const [pair = '', ...attributes] = header.split(';').map((part) => part.trim());
    const separator = pair.indexOf('=');
    if (separator <= 0) return;
    const name = pair.slice(0, separator);
    const value = pair.slice(separator + 1);
    let path = defaultPath(url.pathname);
    let expired = false;
    for (const attribute of attributes) {
      const [key = '', attributeValue = ''] = attribute.split('=', 2);
      const lowerKey = key.toLowerCase();
      if (lowerKey === 'path' && attributeValue.startsWith('/')) path = attributeValue;
      if (lowerKey === 'expires' && Date.parse(attributeValue) <= Date.now()) expired = true;
      if (lowerKey === 'max-age' && Number(attributeValue) <= 0) expired = true;
    }
    const key = `${url.origin} ${path} ${name}`;
    if (expired) this.#cookies.delete(key);
    else this.#cookies.set(key, { name, value, path, origin: url.origin });
  }
}

/** The forms on an HTML page, with their hidden and pre-filled inputs. */
export function findForms(page: BrowserlessResponse): HtmlForm[] {
  const forms: HtmlForm[] = [];
  for (const match of page.body.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const attributes = readAttributes(match[1] ?? '');
    const fields: Record<string, string> = {};
    for (const input of (match[2] ?? '').matchAll(/<input\b([^>]*)>/gi)) {
      const inputAttributes = readAttributes(input[1] ?? '');
      const name = inputAttributes['name'];
      if (name !== undefined) fields[name] = inputAttributes['value'] ?? '';
    }
    const buttons: HtmlButton[] = [];
    for (const button of (match[2] ?? '').matchAll(/<button\b([^>]*)>([\s\S]*?)<\/button>/gi)) {
      const buttonAttributes = readAttributes(button[1] ?? '');
      buttons.push({
        label: decodeEntities((button[2] ?? '').replace(/<[^>]*>/g, '').trim()),
        name: buttonAttributes['name'],
        value: buttonAttributes['value'] ?? '',
      });
    }
    forms.push({
      action: new URL(attributes['action'] ?? page.url.href, page.url),
      method: (attributes['method'] ?? 'get').toLowerCase(),
      fields,
      buttons,
    });
  }
  return forms;
}

function readAttributes(text: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const match of text.matchAll(/([a-zA-Z-]+)(?:="([^"]*)")?/g)) {
    const name = match[1];
    if (name !== undefined) attributes[name.toLowerCase()] = decodeEntities(match[2] ?? '');
  }
  return attributes;
}

function decodeEntities(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function pathMatches(cookiePath: string, requestPath: string): boolean {
  if (cookiePath === requestPath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath.charAt(cookiePath.length) === '/';
}

function defaultPath(requestPath: string): string {
  const lastSlash = requestPath.lastIndexOf('/');
  return lastSlash <= 0 ? '/' : requestPath.slice(0, lastSlash);
}
