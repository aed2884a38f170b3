// `go-profiler serve`: runs the KubeDiag processor until SIGTERM/SIGINT, which closes every
// viewer and the API before exiting.

import { Command, Option } from 'commander';
import { networkInterfaces } from 'node:os';
import {
  DEFAULT_CPU_SECONDS,
  DEFAULT_TRUST_SETTINGS,
  MAX_CPU_SECONDS,
  PROCESSOR_PATH,
} from '../processor/processor-limits.js';
import {
  chooseAdvertiseAddress,
  parseListenAddress,
  parseSeconds,
  parseTrustFlags,
  SERVE_DEFAULTS,
  type TrustFlags,
} from './serve-config.js';

interface ServeFlags extends TrustFlags {
  listen: string;
  advertiseAddress?: string;
  dataRoot: string;
  kubeconfig?: string;
  defaultCpuSeconds: string;
  fetchTimeoutSeconds: string;
}

export function serveCommand(): Command {
  const command = new Command('serve')
    .description(`Run the processor: POST ${PROCESSOR_PATH} captures a profile and opens a viewer for it`)
    .addOption(
      new Option('--listen <host:port>', 'address of the processor API')
        .env('GO_PROFILER_LISTEN')
        .default(SERVE_DEFAULTS.listen),
    )
    .addOption(
      new Option(
        '--advertise-address <host>',
        'address viewers bind to and answers name (default: the listen host, or the first non-loopback IPv4 when listening on all addresses)',
      ).env('GO_PROFILER_ADVERTISE_ADDRESS'),
    )
    .addOption(
      new Option('--data-root <dir>', 'where captures are stored')
        .env('GO_PROFILER_DATA_ROOT')
        .default(SERVE_DEFAULTS.dataRoot),
    )
    .addOption(
      new Option(
        '--kubeconfig <file>',
        'kubeconfig for reading TLS Secrets and capturing by pod reference (default: $KUBECONFIG, else the in-cluster config in a pod, else ~/.kube/config)',
      ),
    )
    .addOption(
      new Option('--default-cpu-seconds <n>', `CPU profile length when a request gives none (1-${MAX_CPU_SECONDS})`)
        .env('GO_PROFILER_DEFAULT_CPU_SECONDS')
        .default(String(DEFAULT_CPU_SECONDS)),
    )
    .addOption(
      new Option('--fetch-timeout-seconds <n>', 'time limit for fetching a non-CPU profile (CPU: its seconds + 15)')
        .env('GO_PROFILER_FETCH_TIMEOUT_SECONDS')
        .default(String(SERVE_DEFAULTS.fetchTimeoutSeconds)),
    );
  for (const option of trustOptions()) command.addOption(option);
  return command.action(async (flags: ServeFlags) => {
    try {
      await runServe(flags);
    } catch (error) {
      // One line, as every go-profiler command reports a failure; the typed message says what.
      process.stderr.write(`go-profiler: ${(error as Error).message}\n`);
      process.exitCode = 1;
    }
  });
}

async function runServe(flags: ServeFlags): Promise<void> {
  const listen = parseListenAddress(flags.listen);
  const advertiseAddress =
    flags.advertiseAddress !== undefined && flags.advertiseAddress !== ''
      ? flags.advertiseAddress
      : chooseAdvertiseAddress(listen.host, networkInterfaces());
  const defaultCpuSeconds = parseSeconds('--default-cpu-seconds', flags.defaultCpuSeconds, 1, MAX_CPU_SECONDS);
  const fetchTimeoutSeconds = parseSeconds('--fetch-timeout-seconds', flags.fetchTimeoutSeconds, 1, 3600);
  const trust = parseTrustFlags(flags);
  // Loaded here, not at the top: other commands must not pay for the server's start-up.
  const { createProcessorLogger, startProcessor } = await import('../processor/index.js');
  const logger = createProcessorLogger(process.env.GO_PROFILER_LOG_LEVEL ?? 'info');

  const processor = await startProcessor({
    listenHost: listen.host,
    listenPort: listen.port,
    advertiseAddress,
    dataRoot: flags.dataRoot,
    ...(flags.kubeconfig === undefined ? {} : { kubeconfigPath: flags.kubeconfig }),
    defaultCpuSeconds,
    fetchTimeoutSeconds,
    trust,
    logger,
  });
  logger.info(
    { url: processor.url, advertiseAddress, dataRoot: flags.dataRoot, defaultCpuSeconds, trust },
    `processor listening on ${processor.url}${PROCESSOR_PATH}`,
  );
  if (trust.secretPolicy === 'any') {
    logger.warn(
      'secret policy "any": any caller may send any readable Secret\'s token to any https source it names (KubeDiag\'s behaviour)',
    );
  }

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal, sessions: processor.sessions.size }, 'closing viewers and the API');
    processor.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

/** SPEC §5's settings: flag, environment variable and default. */
function trustOptions(): Option[] {
  const d = DEFAULT_TRUST_SETTINGS;
  const option = (flags: string, description: string, env: string, fallback?: string) => {
    const made = new Option(flags, description).env(env);
    return fallback === undefined ? made : made.default(fallback);
  };
  return [
    option(
      '--allow-sources <list>',
      'comma-separated CIDRs and host patterns (10.0.0.0/8, *.svc.cluster.local), each with an optional :port, that sources must match (default: any)',
      'GO_PROFILER_ALLOW_SOURCES',
    ),
    option(
      '--secret-policy <policy>',
      "annotated: a Secret's token goes only to sources its go-profiler.kubediag.org/allowed-sources annotation names; any: anywhere",
      'GO_PROFILER_SECRET_POLICY',
      d.secretPolicy,
    ),
    option(
      '--secret-namespaces <list>',
      'comma-separated namespaces Secrets may be read in (default: any)',
      'GO_PROFILER_SECRET_NAMESPACES',
    ),
    option(
      '--viewer-auth <mode>',
      'none, or token: each viewer URL carries a random token (cookie after the first visit; 401 without)',
      'GO_PROFILER_VIEWER_AUTH',
      d.viewerAuth,
    ),
    option(
      '--viewer-ports <low-high>',
      'viewers listen only on ports of this range (default: any free port)',
      'GO_PROFILER_VIEWER_PORTS',
    ),
    option('--max-sessions <n>', 'live viewers at once', 'GO_PROFILER_MAX_SESSIONS', String(d.maxSessions)),
    option(
      '--max-concurrent-captures <n>',
      'fetches in flight at once',
      'GO_PROFILER_MAX_CONCURRENT_CAPTURES',
      String(d.maxConcurrentCaptures),
    ),
    option(
      '--max-profile-bytes <n>',
      'largest body accepted from a source (x8: the largest decompressed profile)',
      'GO_PROFILER_MAX_PROFILE_BYTES',
      String(d.maxProfileBytes),
    ),
    option(
      '--max-stack-depth <n>',
      'deeper stacks keep their N leaf-most frames',
      'GO_PROFILER_MAX_STACK_DEPTH',
      String(d.maxStackDepth),
    ),
    option(
      '--query-timeout-seconds <n>',
      'a viewer query running longer is abandoned (503)',
      'GO_PROFILER_QUERY_TIMEOUT_SECONDS',
      String(d.queryTimeoutSeconds),
    ),
    option(
      '--session-idle-seconds <n>',
      "a viewer without a query this long gives its decoded profile's memory back until its next query (0: never)",
      'GO_PROFILER_SESSION_IDLE_SECONDS',
      String(d.sessionIdleSeconds),
    ),
    option(
      '--retention <duration>',
      'captures older than this are deleted (Go duration; 0 keeps all)',
      'GO_PROFILER_RETENTION',
      '240h',
    ),
    option(
      '--max-data-bytes <n>',
      'beyond this many bytes under the data root the oldest captures are deleted (0: no cap)',
      'GO_PROFILER_MAX_DATA_BYTES',
      String(d.maxDataBytes),
    ),
  ];
}
