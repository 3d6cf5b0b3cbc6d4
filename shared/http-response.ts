import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { HttpError } from './http-error';
import { logger } from './logger';

export function jsonResponse(
  statusCode: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

/**
 * An `HttpError` answers with its own status and details; anything else is a bug or an outage
 * nobody foresaw, so it is logged in full and the client gets a 500 that reveals nothing.
 */
export function errorResponse(error: unknown): APIGatewayProxyStructuredResultV2 {
  if (error instanceof HttpError) {
    if (error.statusCode >= 500) logger.warn(error.message, { statusCode: error.statusCode, error });
    else logger.info(error.message, { statusCode: error.statusCode, details: error.details });
    return jsonResponse(error.statusCode, { error: error.message, details: error.details }, error.headers);
  }
  logger.error('Unexpected error', { error: error instanceof Error ? error : String(error) });
  return jsonResponse(500, { error: 'Internal error' });
}
