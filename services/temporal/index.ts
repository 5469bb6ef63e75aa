export { startDevServer, DevServerExitedError, findTemporalCli, devServerArgs, DEV_SERVER_DYNAMIC_CONFIG, type DevServer, type DevServerOptions } from './dev-server';
export { AesGcmPayloadCodec, encryptedDataConverter, FAILURE_CONVERTER_PATH, ENCRYPTED_ENCODING, METADATA_ENCRYPTION_KEY_ID } from './payload-codec';
export { loadPayloadKeyRing, parsePayloadKeyRing, newPayloadKeyEntry, PAYLOAD_KEYS_ENV, PAYLOAD_KEYS_FILE, type PayloadKeyRing } from './payload-keys';
export { payloadFromJson, payloadToJson, type JsonPayload } from './codec-json';
export { startRecordedWorkflow } from './start';
export { inProcessClient, eagerStartInterceptor } from './in-process-client';
