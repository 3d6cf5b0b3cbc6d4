/**
 * The event Lambda's Kafka event source mapping delivers (MSK `aws:kafka` and self-managed
 * `SelfManagedKafka` alike), as AWS writes it: records keyed `<topic>-<partition>`, base64 key and
 * value left out when null (a null key, a tombstone), each header one `{ name: bytes }` entry
 * with the bytes signed as Java writes them (-128..127). The local poller writes it and the
 * functions read it. `@types/aws-lambda` marks `key` and `value` as always present; real events
 * leave them out, so these boundary types say so.
 */
export interface KafkaEventRecord {
  topic: string;
  partition: number;
  offset: number;
  timestamp: number;
  timestampType: 'CREATE_TIME' | 'LOG_APPEND_TIME';
  key?: string;
  value?: string;
  headers: Record<string, number[]>[];
}

export interface KafkaEvent {
  eventSource: 'aws:kafka' | 'SelfManagedKafka';
  /** The MSK cluster ARN; self-managed events have none. */
  eventSourceArn?: string;
  bootstrapServers: string;
  records: Record<string, KafkaEventRecord[]>;
}
