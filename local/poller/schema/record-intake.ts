import type { EncodedRecord } from '../event/event-builder';
import type { KafkaEventRecord } from '../../../shared/kafka-event';
import type { SchemaFailureReason } from './errors';

/** A record that decoded: its JSON in the event, and the value its filter patterns see. */
export interface DecodedRecord {
  encoded: EncodedRecord;
  /** The decoded value as JSON text (null for a tombstone): patterns match what was decoded, not the wire bytes. */
  filterValue: Buffer | null;
}

/** A record that did not: it goes to the on-failure destination with `reason`, as it was fetched. */
export interface UndecodableRecord {
  reason: SchemaFailureReason;
  error: string;
  record: KafkaEventRecord;
}

export type RecordIntake = DecodedRecord | UndecodableRecord;

export function isUndecodable(intake: RecordIntake): intake is UndecodableRecord {
  return 'reason' in intake;
}
