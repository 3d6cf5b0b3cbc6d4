// Jest setup file: the tests' own kafkajs clients (producers, admins, group checks) get the same
// clamp as the project's, so Node 24 prints no TimeoutNegativeWarning in the test run either
// (shared/kafka-connection/kafkajs-timers.ts says why).
import { quietKafkajsTimers } from '../../shared/kafka-connection/kafkajs-timers';

quietKafkajsTimers();
