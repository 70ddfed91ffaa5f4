/// <reference lib="dom" />
// The desk's HTTP API as the page uses it. Every answer comes back as {status, body}: a 409 refusal is a
// normal answer the officer must read, not an exception.
import type { ApiErrorBody } from './types.ts';

export interface Answer<T = unknown> {
  status: number;
  body: T;
  // where a paged list goes on (`Link: <...>; rel="next"`, RFC 8288), absent on its last page
  next?: string;
}

const nextLink = (link: string | null) => (link ? /<([^>]+)>\s*;\s*rel="?next"?/.exec(link)?.[1] : undefined);

type Method = 'GET' | 'POST' | 'PUT';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody | undefined,
  ) {
    super(body?.message ?? (status === 0 ? 'the desk cannot be reached' : `the desk answered ${status}`));
    this.name = 'ApiError';
  }
}

// A body that is not JSON (a proxy's error page) is still shown, as the message.
function parsed(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return { error: 'invalid', message: text.slice(0, 200) };
  }
}

export class Api {
  // server time minus this browser's time, in ms: deadlines are the desk's, and a laptop clock may drift
  private skew = 0;
  private heardDesk = false;

  constructor(
    private readonly token: () => string | undefined,
    private readonly onUnauthorized: (message: string) => void,
  ) {}

  now(): number {
    return Date.now() + this.skew;
  }

  // whether now() is set by the desk's clock (an answer with a Date header came) or only this browser's
  get deskTime(): boolean {
    return this.heardDesk;
  }

  private learnSkew(res: Response, sentAt: number): void {
    const date = res.headers.get('date');
    if (!date) return;
    const server = Date.parse(date);
    if (Number.isNaN(server)) return;
    const local = (sentAt + Date.now()) / 2;
    const skew = server - local;
    this.heardDesk = true;
    // the Date header has one-second resolution: only a clock clearly off is corrected
    this.skew = Math.abs(skew) > 5000 ? skew : 0;
  }

  async request<T>(
    method: Method,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer<T>> {
    const { status, text, next } = await this.exchange(method, path, body, headers);
    return { status, body: parsed(text) as T, ...(next ? { next } : {}) };
  }

  // What the desk writes as a file (the indicators as CSV, with `accept`), as it came.
  async text(path: string, accept: string): Promise<string> {
    const { status, text } = await this.exchange('GET', path, undefined, { accept });
    if (status >= 400) throw new ApiError(status, parsed(text) as ApiErrorBody);
    return text;
  }

  private async exchange(
    method: Method,
    path: string,
    body: unknown,
    headers: Record<string, string>,
  ): Promise<{ status: number; text: string; next?: string | undefined }> {
    const token = this.token();
    const sentAt = Date.now();
    let res: Response;
    try {
      res = await fetch(path, {
        method,
        headers: {
          accept: 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch {
      throw new ApiError(0, undefined);
    }
    this.learnSkew(res, sentAt);
    const text = await res.text();
    if (res.status === 401) {
      const refusal = parsed(text) as ApiErrorBody | undefined;
      this.onUnauthorized(refusal?.message ?? 'the token was refused');
      throw new ApiError(401, refusal);
    }
    return { status: res.status, text, next: nextLink(res.headers.get('link')) };
  }

  async get<T>(path: string): Promise<T> {
    const answer = await this.request<T>('GET', path);
    if (answer.status >= 400) throw new ApiError(answer.status, answer.body as ApiErrorBody);
    return answer.body;
  }

  post<T>(path: string, body: unknown, headers?: Record<string, string>): Promise<Answer<T>> {
    return this.request<T>('POST', path, body, headers);
  }

  put<T>(path: string, body: unknown): Promise<Answer<T>> {
    return this.request<T>('PUT', path, body);
  }

  // Every page of a paged list, following `Link: rel="next"` until the last.
  async all<T>(path: string): Promise<T[]> {
    const out: T[] = [];
    for (let at: string | undefined = path; at; ) {
      const answer: Answer<T[]> = await this.request<T[]>('GET', at);
      if (answer.status >= 400) throw new ApiError(answer.status, answer.body as unknown as ApiErrorBody);
      out.push(...answer.body);
      at = answer.next;
    }
    return out;
  }
}

// Whether the desk still takes the token, asked with any request of it: only its 401 says no. A network
// error or a 5xx is the desk or the link failing, which says nothing about the token.
export async function tokenAccepted(request: () => Promise<unknown>): Promise<boolean> {
  try {
    await request();
    return true;
  } catch (err) {
    return !(err instanceof ApiError && err.status === 401);
  }
}
