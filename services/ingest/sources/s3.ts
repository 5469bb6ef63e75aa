// An S3-compatible bucket + prefix (AWS S3, MinIO) through @aws-sdk/client-s3.
import { GetObjectCommand, ListObjectsV2Command, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import type { SourceDocument } from '../parse';
import type { SourceEntry } from '../types';
import type { DocumentSource } from './source';

export interface S3Access {
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
}

export function createS3Client(options: { region: string; endpoint?: string; access?: S3Access }): S3Client {
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
  return new S3Client(config);
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
