import { BadRequestError, PayloadTooLargeError, ServiceUnavailableError, UnsupportedMediaTypeError } from '../../../shared/http-error';
import { errorResponse, jsonResponse } from '../../../shared/http-response';
import { logger } from '../../../shared/logger';

describe('errorResponse', () => {
  beforeEach(() => {
    for (const level of ['info', 'warn', 'error'] as const) jest.spyOn(logger, level).mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it.each([
    [new BadRequestError('Invalid request body', [{ path: '[3].text', message: 'must not be empty' }]), 400, {}],
    [new PayloadTooLargeError(262_144), 413, {}],
    [new UnsupportedMediaTypeError('text/plain'), 415, {}],
    [new ServiceUnavailableError('Kafka is unavailable, retry later', 5), 503, { 'retry-after': '5' }],
  ])('answers %s with its status, message, details and headers', (error, statusCode, headers) => {
    expect(errorResponse(error)).toEqual({
      statusCode,
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ error: error.message, details: error.details }),
    });
  });

  it.each([new TypeError("Cannot read properties of undefined (reading 'baseOffset')"), 'a thrown string'])(
    'answers anything else with a bare 500 and logs it: %s',
    (thrown) => {
      expect(errorResponse(thrown)).toEqual(jsonResponse(500, { error: 'Internal error' }));
      expect(logger.error).toHaveBeenCalledWith('Unexpected error', { error: thrown });
    },
  );
});
