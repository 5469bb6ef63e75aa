// An S3-compatible bucket + prefix (AWS S3, MinIO) through @aws-sdk/client-s3. A tenant's source
// signs with the tenant's own credentials (its secrets) and connects only where URL fetches may.
import { GetObjectCommand, ListObjectsV2Command, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { allowList, createGuardedNodeAgents, refusedLiteral } from '../../net';
import type { SourceDocument } from '../parse';
import type { z } from 'zod';
import type { SourceEntry, SourceSpecSchema } from '../types';
import { SourceAccessError, type DocumentSource, type SourceAccess } from './source';

export interface S3Access {
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
}

/** The operator's client (the blob store): the platform's own credentials and network. */
export function createS3Client(options: { region: string; endpoint?: string; access?: S3Access; requestHandler?: S3ClientConfig['requestHandler'] }): S3Client {
  const config: S3ClientConfig = {
    region: options.region,
    // Checksums only when an operation needs them: MinIO and other S3-compatible stores vary here.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  };
  if (options.endpoint) {
    config.endpoint = options.endpoint;
    config.forcePathStyle = true;
  }
  if (options.access?.accessKeyId && options.access.secretAccessKey) {
    config.credentials = {
      accessKeyId: options.access.accessKeyId,
      secretAccessKey: options.access.secretAccessKey,
      sessionToken: options.access.sessionToken,
    };
  }
  if (options.requestHandler) config.requestHandler = options.requestHandler;
  return new S3Client(config);
}

type S3SourceSpec = Extract<z.output<typeof SourceSpecSchema>, { kind: 's3' }>;

/** Refuses an endpoint the URL-fetch policy refuses, before anything connects (names are checked again at connect time). */
export function checkS3Endpoint(endpoint: string | undefined, allowCidrs: readonly string[] = []): void {
  if (!endpoint) return;
  const url = new URL(endpoint);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new SourceAccessError(`S3 endpoint scheme ${url.protocol} is not allowed`);
  if (url.username || url.password) throw new SourceAccessError('S3 endpoint must not carry credentials: use accessKeyIdSecret / secretAccessKeySecret');
  const refused = refusedLiteral(url.hostname, allowList(allowCidrs));
  if (refused) throw new SourceAccessError(`S3 endpoint ${refused} (ingest.fetch.allowCidrs)`);
}

/** The credential secret names a tenant's S3 source must give; refused (400) without them. */
export function s3CredentialNames(spec: S3SourceSpec): [accessKeyId: string, secretAccessKey: string, sessionToken?: string] {
  if (!spec.accessKeyIdSecret || !spec.secretAccessKeySecret) {
    throw new SourceAccessError(
      's3 sources need accessKeyIdSecret and secretAccessKeySecret: the names of your secrets holding the key (keel secrets set NAME); the platform\'s own AWS credentials are never used',
    );
  }
  return [spec.accessKeyIdSecret, spec.secretAccessKeySecret, spec.sessionTokenSecret];
}

/** A tenant's bucket: its own credentials, the URL-fetch address policy, never the default credential chain. */
export async function openTenantS3Source(spec: S3SourceSpec, policy: { allowCidrs: readonly string[]; pageSize: number }, access: SourceAccess): Promise<S3Source> {
  const [accessKeyIdName, secretAccessKeyName, sessionTokenName] = s3CredentialNames(spec);
  checkS3Endpoint(spec.endpoint, policy.allowCidrs);
  const secret = async (name: string): Promise<string> => {
    const value = access.tenantId ? await access.secret?.(access.tenantId, name) : undefined;
    if (!value) throw new SourceAccessError(`secret "${name}" is not set (keel secrets set ${name})`);
    return value;
  };
  const credentials = {
    accessKeyId: await secret(accessKeyIdName),
    secretAccessKey: await secret(secretAccessKeyName),
    sessionToken: sessionTokenName ? await secret(sessionTokenName) : undefined,
  };
  const agents = createGuardedNodeAgents({ allowCidrs: policy.allowCidrs });
  const client = createS3Client({
    region: spec.region,
    endpoint: spec.endpoint,
    access: credentials,
    requestHandler: { httpAgent: agents.http, httpsAgent: agents.https },
  });
  return new S3Source(client, spec.bucket, spec.prefix, policy.pageSize);
}

export class S3Source implements DocumentSource {
  readonly kind = 's3';
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly prefix: string,
    private readonly pageSize = 1000,
  ) {}

  async list(signal?: AbortSignal): Promise<SourceEntry[]> {
    const entries: SourceEntry[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.prefix || undefined, ContinuationToken: token, MaxKeys: this.pageSize }),
        { abortSignal: signal },
      );
      for (const object of page.Contents ?? []) {
        if (!object.Key || object.Key.endsWith('/')) continue;
        entries.push({
          documentId: object.Key,
          uri: `s3://${this.bucket}/${object.Key}`,
          modifiedAt: object.LastModified?.toISOString(),
          size: object.Size,
        });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return entries;
  }

  async read(entry: SourceEntry, signal?: AbortSignal): Promise<SourceDocument> {
    const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: entry.documentId }), { abortSignal: signal });
    if (!object.Body) throw new Error(`s3://${this.bucket}/${entry.documentId} has no body`);
    return {
      uri: entry.uri,
      content: await object.Body.transformToByteArray(),
      mediaType: object.ContentType && object.ContentType !== 'binary/octet-stream' ? object.ContentType : undefined,
      modifiedAt: entry.modifiedAt ?? object.LastModified?.toISOString(),
    };
  }
}
