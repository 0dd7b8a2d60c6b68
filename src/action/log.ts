import { AsyncLocalStorage } from 'node:async_hooks';
import * as core from './core.js';
import type { Log } from '../log.js';
import { neutralize } from '../report/escape.js';
import { redact } from '../secrets.js';

/**
 * Text as the runner's log may show it: secrets out first, then escaping. The runner masks a secret only
 * where its text appears as it is, and escaping (a `##[` or a control character in it) would change that
 * text and let it through. Every line the action writes passes this.
 */
export const forTheLog = (text: string) => neutralize(redact(text));

const groupLines = new AsyncLocalStorage<string[]>();

/**
 * The Log port over the runner's log commands; every credential is masked with setSecret. Images run
 * in parallel, so each image's lines are held and written as one group when it finishes; warnings
 * (annotations) and progress lines go out at once.
 */
export const actionLog: Log = {
  debug: (m) => core.debug(forTheLog(m)),
  info: (m) => {
    const held = groupLines.getStore();
    if (held) held.push(forTheLog(m));
    else core.info(forTheLog(m));
  },
  warning: (m) => core.warning(forTheLog(m)),
  secret: (v) => core.setSecret(v),
  progress: (m) => core.info(forTheLog(m)),
  group: async (name, fn) => {
    const held: string[] = [];
    try {
      return await groupLines.run(held, fn);
    } finally {
      core.startGroup(forTheLog(name));
      for (const line of held) core.info(line);
      core.endGroup();
    }
  },
};
