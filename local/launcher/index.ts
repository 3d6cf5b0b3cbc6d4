/**
 * The lifecycle every local service shares (Kafka, DynamoDB Local): `up` reuses what runs or starts
 * it on Docker Compose or Java and records it, `down` stops only what `up` recorded, `status` says
 * whether that still runs, and the `npm run <name> -- up|down|status` command line around them.
 */
export { runLauncherCli, type LauncherCli } from './cli';
export { composeRemove, composeUp, dockerEngineAnswers } from './docker-compose';
export { isOurs, lastLines, spawnJava, stopOurs, type JavaProcess, type OwnedProcess } from './java-process';
export { LaunchError } from './launch-error';
export { Launcher, readyOrStop, reportWaiting, type LocalService, type WaitOptions } from './lifecycle';
export type { Progress } from './progress';
export { chooseRuntime, refuseTakenPorts, type RuntimeNeeds } from './runtime';
export type { Launched, Runtime } from './state-file';
