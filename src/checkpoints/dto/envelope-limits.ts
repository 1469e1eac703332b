/** Sizes of a checkpoint envelope's fields, shared by the DTOs' decorators and quick-envelope.ts. */
export const THREAD_TS_MAX = 255;
export const NAMESPACE_MAX = 4096;
export const CHANNEL_MAX = 4096;
export const CHANNEL_VERSION_MAX = 255;
export const SERDE_TYPE_MAX = 64;
/** A workflow id as text: what the API's numeric ids look like, up to bigint's 19 digits. */
export const WORKFLOW_ID = /^[1-9]\d{0,18}$/;
/** A content id as the API writes it: 128 bits in lowercase hex (see channel-blob.ts). */
export const CONTENT_ID_HEX = /^[0-9a-f]{32}$/;
