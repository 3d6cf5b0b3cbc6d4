import { PollerError } from '../errors';

/** Why a record left its batch before the function saw it: AWS's reasons on the on-failure record. */
export type SchemaFailureReason = 'SCHEMA_NOT_FOUND' | 'DESERIALIZATION_ERROR';

/** A record's schema or bytes are wrong: the record goes to the on-failure destination, the mapping goes on. */
export class RecordSchemaError extends PollerError {
  constructor(
    readonly reason: SchemaFailureReason,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'RecordSchemaError';
  }
}

export class SchemaNotFoundError extends RecordSchemaError {
  constructor(message: string, options?: ErrorOptions) {
    super('SCHEMA_NOT_FOUND', message, options);
    this.name = 'SchemaNotFoundError';
  }
}

export class DeserializationError extends RecordSchemaError {
  constructor(message: string, options?: ErrorOptions) {
    super('DESERIALIZATION_ERROR', message, options);
    this.name = 'DeserializationError';
  }
}

/**
 * The registry did not answer (down, refused the credentials, no network): no record is at fault,
 * so the batch waits and the mapping shows the problem until the registry answers.
 */
export class RegistryUnavailableError extends PollerError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'RegistryUnavailableError';
  }
}
