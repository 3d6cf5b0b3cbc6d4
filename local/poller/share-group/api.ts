/**
 * The APIs this folder speaks and the one version of each it sends: those a Kafka 4.2 broker
 * answers (ApiVersions of 4.2.2: ShareGroupHeartbeat 1, ShareGroupDescribe 1, ShareFetch 1-2,
 * ShareAcknowledge 1-2, Metadata up to 13, IncrementalAlterConfigs up to 1). Version 2 of ShareFetch and ShareAcknowledge adds
 * the RENEW acknowledgement (KIP-1222) that keeps a running invocation's records locked.
 */
export const SHARE_APIS = {
  Metadata: { apiKey: 3, apiVersion: 12 },
  IncrementalAlterConfigs: { apiKey: 44, apiVersion: 1 },
  ShareGroupHeartbeat: { apiKey: 76, apiVersion: 1 },
  ShareGroupDescribe: { apiKey: 77, apiVersion: 1 },
  ShareFetch: { apiKey: 78, apiVersion: 2 },
  ShareAcknowledge: { apiKey: 79, apiVersion: 2 },
} as const;

export type ShareApiName = keyof typeof SHARE_APIS;

/** KIP-932's acknowledgement types; GAP marks an offset that holds no record. */
export const AcknowledgeType = { GAP: 0, ACCEPT: 1, RELEASE: 2, REJECT: 3, RENEW: 4 } as const;
export type AcknowledgeTypeValue = (typeof AcknowledgeType)[keyof typeof AcknowledgeType];

/** The error codes the share-group APIs answer with, by Kafka's names. */
const ERROR_NAMES: Record<number, string> = {
  [-1]: 'UNKNOWN_SERVER_ERROR',
  3: 'UNKNOWN_TOPIC_OR_PARTITION',
  6: 'NOT_LEADER_OR_FOLLOWER',
  14: 'COORDINATOR_LOAD_IN_PROGRESS',
  15: 'COORDINATOR_NOT_AVAILABLE',
  16: 'NOT_COORDINATOR',
  25: 'UNKNOWN_MEMBER_ID',
  29: 'TOPIC_AUTHORIZATION_FAILED',
  30: 'GROUP_AUTHORIZATION_FAILED',
  35: 'UNSUPPORTED_VERSION',
  42: 'INVALID_REQUEST',
  56: 'KAFKA_STORAGE_ERROR',
  69: 'GROUP_ID_NOT_FOUND',
  81: 'GROUP_MAX_SIZE_REACHED',
  100: 'UNKNOWN_TOPIC_ID',
  110: 'FENCED_MEMBER_EPOCH',
  113: 'UNSUPPORTED_ASSIGNOR',
  121: 'INVALID_RECORD_STATE',
  122: 'SHARE_SESSION_NOT_FOUND',
  123: 'INVALID_SHARE_SESSION_EPOCH',
  124: 'FENCED_STATE_EPOCH',
  125: 'INVALID_VOTER_KEY',
  133: 'SHARE_SESSION_LIMIT_REACHED',
};

export function errorName(code: number): string {
  return ERROR_NAMES[code] ?? `error ${code}`;
}

/** A non-zero error code of a share-group answer, with Kafka's name for it. */
export class ShareGroupError extends Error {
  constructor(
    readonly api: ShareApiName,
    readonly code: number,
    detail: string | null,
  ) {
    super(`${api}: ${errorName(code)}${detail ? ` (${detail})` : ''}`);
    this.name = 'ShareGroupError';
  }
}
