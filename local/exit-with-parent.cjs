'use strict';
// Preloaded (`node --require`) into children this project starts but did not write, such as
// `serverless offline`: if their parent dies without stopping them (SIGKILL, a crash, a signal
// during start-up), they get the SIGTERM it would have sent instead of running on under init.
const parent = process.ppid;
const timer = setInterval(() => {
  if (process.ppid === parent) return;
  clearInterval(timer);
  process.kill(process.pid, 'SIGTERM');
}, 500);
timer.unref();
