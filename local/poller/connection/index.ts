export { connectMapping, type ConnectionOptions, type MappingConnection } from './mapping-connection';
export { ConnectionProblem } from './connection-problem';
export { keepConnecting } from './keep-connecting';
export { AUTH_CHOICES, chosenAuth, readAuthOverride, describeLogin, type AuthChoice, type AuthOverride, type MappingAuth } from './mapping-auth';
