/** The console page and its API, served beside `/status` and `/metrics`. */
export { ConsoleServer, type ConsoleOptions } from './console-server';
export { InvocationHistory, type InvocationEntry } from './invocation-history';
