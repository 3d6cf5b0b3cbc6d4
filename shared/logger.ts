import { Logger } from '@aws-lambda-powertools/logger';

/**
 * One structured JSON logger per container, shared by the functions and kafkajs (through
 * `kafkaLogCreator`). The service name and level come from `POWERTOOLS_SERVICE_NAME` and
 * `POWERTOOLS_LOG_LEVEL`. Log ids, counts and coordinates; never message bodies.
 */
export const logger = new Logger();
