import * as core from '@actions/core';
import type { Log } from '../log.js';

/** The Log port over the runner's log commands; every credential is masked with setSecret. */
export const actionLog: Log = {
  debug: (m) => core.debug(m),
  info: (m) => core.info(m),
  warning: (m) => core.warning(m),
  secret: (v) => core.setSecret(v),
  group: (name, fn) => core.group(name, fn),
};
