// `go-profiler view URL|pod/NAME`: captures, then serves the viewer, as `go tool pprof -http=: URL`
// does. The profile is saved as `capture` saves it (the default name in the working directory).

import { captureAndSave, planTarget, serveSaved, type TargetFlags } from './capture-command.js';
import { isCaptureTarget, parseCaptureType, typeOfUrl } from './capture-target.js';
import { UsageError } from './usage-errors.js';

export interface ViewCaptureFlags extends TargetFlags {
  type?: string;
  listen: string;
  browser: boolean;
  settings?: string;
  diffBase: string[];
  base: string[];
  replicas?: boolean;
}

const TARGET_FLAGS = ['type', 'seconds', 'namespace', 'port', 'scheme', 'kubeconfig', 'context'] as const;

/**
 * Views the TARGET when `words` is one; resolves false when they are files (`view FILE…`, whose
 * flags above are then refused). The type: `--type`, else the URL's `/debug/pprof/NAME`, else the
 * CPU profile, as pprof chooses.
 */
export async function viewCapture(words: readonly string[], flags: ViewCaptureFlags, query: string): Promise<boolean> {
  const targets = words.filter(isCaptureTarget);
  if (targets.length === 0) {
    const given = TARGET_FLAGS.find((flag) => flags[flag] !== undefined);
    if (given !== undefined)
      throw new UsageError(`option --${given}`, 'only with a URL or pod/NAME (view reads files)');
    return false;
  }
  const [target] = targets;
  if (words.length > 1 || target === undefined)
    throw new UsageError(
      `argument ${JSON.stringify(words[1] ?? words[0])}`,
      'view captures one URL or pod/NAME at a time (files apart)',
    );
  if (flags.diffBase.length > 0 || flags.base.length > 0 || flags.replicas === true) {
    const flag = flags.replicas === true ? '--replicas' : flags.base.length > 0 ? '--base' : '--diff-base';
    throw new UsageError(`option ${flag}`, 'not with a URL or pod/NAME (capture, then view the files)');
  }
  const type =
    flags.type !== undefined ? parseCaptureType(flags.type) : /^https?:/i.test(target) ? typeOfUrl(target) : 'Profile';
  const { jobs, cpuSeconds, what } = await planTarget(type, target, flags);
  const outcome = await captureAndSave({ type, cpuSeconds, jobs, output: { dir: '.' }, what, many: false });
  const [saved] = outcome.saved;
  // captureAndSave throws when the one capture fails: there is a saved one here.
  if (saved === undefined) return true;
  await serveSaved(saved, {
    listen: flags.listen,
    browser: flags.browser,
    query,
    ...(flags.settings === undefined ? {} : { settings: flags.settings }),
  });
  return true;
}
