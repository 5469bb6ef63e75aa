// The failure converter every Keel client and worker (and the workflow bundle) loads by path
// (`failureConverterPath`): failure messages and stack traces travel as an encoded payload, so the
// payload codec encrypts them like every other payload and Temporal's history shows only
// "Encoded failure". Plain CommonJS because the SDK `require`s this path itself (no TypeScript
// loader under Node 20) and webpack bundles it into the workflow code; it imports only the SDK.
'use strict';
const { DefaultFailureConverter } = require('@temporalio/common');

exports.failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
