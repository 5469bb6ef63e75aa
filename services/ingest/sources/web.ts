// URL lists and sitemaps, fetched through the SSRF-safe fetch: private, loopback, link-local and
// metadata addresses are refused at connect time unless the config allows them.
import { safeFetch, type SafeFetchOptions } from '../../net';
import type { SourceDocument } from '../parse';
import type { SourceEntry } from '../types';
import type { DocumentSource } from './source';

export interface WebFetchPolicy {
  allowHosts?: string[];
  allowCidrs?: string[];
  timeoutMs: number;
  maxBytes: number;
}

export class HttpStatusError extends Error {
  constructor(readonly url: string, readonly status: number) {
    super(`GET ${url} answered ${status}`);
    this.name = 'HttpStatusError';
  }
}

async function fetchChecked(url: string, policy: WebFetchPolicy, signal?: AbortSignal) {
  const options: SafeFetchOptions = {
    allowHosts: policy.allowHosts?.length ? policy.allowHosts : undefined,
    allowCidrs: policy.allowCidrs,
    timeoutMs: policy.timeoutMs,
    maxBytes: policy.maxBytes,
    onOversize: 'error',
    signal,
    headers: { 'user-agent': 'keel-ingest/0.1', accept: 'text/html,application/xhtml+xml,text/markdown,text/plain,application/pdf,*/*;q=0.5' },
  };
  const response = await safeFetch(url, options);
  if (response.status >= 400) throw new HttpStatusError(url, response.status);
  return response;
}

export class UrlListSource implements DocumentSource {
  readonly kind: string = 'urls';
  /** The URLs, or a loader for a claim-checked list of them. */
  constructor(private readonly urls: string[] | (() => Promise<string[]>), protected readonly policy: WebFetchPolicy) {}

  async list(): Promise<SourceEntry[]> {
    const urls = typeof this.urls === 'function' ? await this.urls() : this.urls;
    return [...new Set(urls)].map((url) => ({ documentId: url, uri: url }));
  }

  async read(entry: SourceEntry, signal?: AbortSignal): Promise<SourceDocument> {
    const response = await fetchChecked(entry.uri, this.policy, signal);
    const lastModified = response.headers['last-modified'];
    return {
      uri: response.url,
      content: response.body,
      mediaType: response.contentType || undefined,
      modifiedAt: entry.modifiedAt ?? (lastModified ? new Date(lastModified).toISOString() : undefined),
    };
  }
}

function xmlValues(xml: string, tag: string): string[] {
  return [...xml.matchAll(new RegExp(`<${tag}>\\s*(?:<!\\[CDATA\\[)?([\\s\\S]*?)(?:\\]\\]>)?\\s*</${tag}>`, 'g'))].map((m) =>
    m[1].trim().replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'"),
  );
}

/** A sitemap (or a sitemap index, one level deep): every <url><loc> becomes a document. */
export class SitemapSource extends UrlListSource {
  override readonly kind = 'sitemap';
  constructor(private readonly sitemapUrl: string, policy: WebFetchPolicy, private readonly maxUrls: number) {
    super([], policy);
  }

  override async list(signal?: AbortSignal): Promise<SourceEntry[]> {
    const entries = new Map<string, SourceEntry>();
    const visit = async (url: string, depth: number) => {
      const xml = (await fetchChecked(url, this.policy, signal)).body.toString('utf8');
      if (/<sitemapindex[\s>]/.test(xml) && depth === 0) {
        for (const child of xmlValues(xml, 'loc')) await visit(child, depth + 1);
        return;
      }
      for (const block of xml.match(/<url>[\s\S]*?<\/url>/g) ?? []) {
        const loc = xmlValues(block, 'loc')[0];
        const lastmod = xmlValues(block, 'lastmod')[0];
        if (loc && entries.size < this.maxUrls && !entries.has(loc)) {
          entries.set(loc, { documentId: loc, uri: loc, modifiedAt: lastmod && !Number.isNaN(Date.parse(lastmod)) ? new Date(lastmod).toISOString() : undefined });
        }
      }
    };
    await visit(this.sitemapUrl, 0);
    return [...entries.values()];
  }
}
