import { EsmSettingsError, FilterPatternError, InvalidParameterValueError, LambdaRuntimeError, PollerError } from '../../../local/poller/index';
import { ConnectionProblem } from '../../../local/poller/connection/connection-problem';
import { PluginOptionsError } from '../../../local/poller/plugin/options';
import { HandlerBuildError } from '../../../local/poller/runtime/runnable-file';
import { DeserializationError, RegistryUnavailableError, SchemaNotFoundError } from '../../../local/poller/schema/errors';
import { ServiceConfigError } from '../../../local/poller/service/service-config';

describe("the poller's errors", () => {
  const cause = new Error('underneath');

  it.each([
    ['InvalidParameterValueError', new InvalidParameterValueError('x', { cause })],
    ['FilterPatternError', new FilterPatternError(['x'], { cause })],
    ['EsmSettingsError', new EsmSettingsError([{ problems: ['x'] }], { cause })],
    ['LambdaRuntimeError', new LambdaRuntimeError('Runtime.HandlerNotFound', 'x', { cause })],
    ['HandlerBuildError', new HandlerBuildError('Runtime.ImportModuleError', 'x', { cause })],
    ['ConnectionProblem', new ConnectionProblem('x', { cause })],
    ['SchemaNotFoundError', new SchemaNotFoundError('x', { cause })],
    ['DeserializationError', new DeserializationError('x', { cause })],
    ['RegistryUnavailableError', new RegistryUnavailableError('x', { cause })],
    ['PluginOptionsError', new PluginOptionsError(['x'], { cause })],
    ['ServiceConfigError', new ServiceConfigError('x', { cause })],
  ])('%s is a PollerError with its own name, carrying its cause', (name, error) => {
    expect(error).toBeInstanceOf(PollerError);
    expect(error.name).toBe(name);
    expect(error.cause).toBe(cause);
  });

  it('reads AWS-shaped settings errors as InvalidParameterValueException, and runtime errors by their errorType', () => {
    expect(new FilterPatternError(['bad pattern'])).toBeInstanceOf(InvalidParameterValueError);
    expect(new FilterPatternError(['bad pattern']).message).toBe('InvalidParameterValueException: bad pattern');
    expect(new HandlerBuildError('Runtime.UserCodeSyntaxError', 'x')).toBeInstanceOf(LambdaRuntimeError);
    expect(new HandlerBuildError('Runtime.UserCodeSyntaxError', 'x').errorType).toBe('Runtime.UserCodeSyntaxError');
  });
});
