import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { storeConfig } from '../../shared/config';
import { BadRequestError } from '../../shared/http-error';
import { errorResponse, jsonResponse } from '../../shared/http-response';
import { parseNotificationQuery } from '../../shared/notification-query';
import { createDocumentClient, InvalidCursorError, NotificationStore } from '../../shared/notification-store';

const config = storeConfig();
/** Exported so tests can close it; Lambda freezes the container instead. */
export const store = new NotificationStore(createDocumentClient(config), config.NOTIFICATIONS_TABLE);

/** GET /api/v1/notifications: newest first, `limit` per page, `cursor` from the previous page. */
export const handler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
  try {
    const { limit, cursor } = parseNotificationQuery(event.queryStringParameters);
    return jsonResponse(200, await store.list(limit, cursor));
  } catch (error) {
    if (error instanceof InvalidCursorError) {
      return errorResponse(new BadRequestError('Invalid query parameters', [{ path: 'cursor', message: error.message }]));
    }
    return errorResponse(error);
  }
};
