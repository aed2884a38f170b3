// `go-profiler serve`: runs the KubeDiag processor until SIGTERM/SIGINT, which closes every
// viewer and the API before exiting.

import { Command, Option } from 'commander';
import { networkInterfaces } from 'node:os';
import { DEFAULT_CPU_SECONDS, MAX_CPU_SECONDS, PROCESSOR_PATH } from '../processor/processor-limits.js';
import { chooseAdvertiseAddress, parseListenAddress, parseSeconds, SERVE_DEFAULTS } from './serve-config.js';

interface ServeFlags {
  listen: string;
  advertiseAddress?: string;
  dataRoot: string;
  kubeconfig?: string;
  defaultCpuSeconds: string;
  fetchTimeoutSeconds: string;
}

export function serveCommand(): Command {
  return new Command('serve')
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
        'kubeconfig for reading TLS Secrets (default: $KUBECONFIG, else the in-cluster config in a pod, else ~/.kube/config)',
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
    )
    .action(async (flags: ServeFlags) => {
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
  // Loaded here, not at the top: other commands must not pay for the server's start-up.
  const [{ default: pino }, { startProcessor }] = await Promise.all([import('pino'), import('../processor/index.js')]);
  const logger = pino({ name: 'go-profiler', level: process.env.GO_PROFILER_LOG_LEVEL ?? 'info' });

  const processor = await startProcessor({
    listenHost: listen.host,
    listenPort: listen.port,
    advertiseAddress,
    dataRoot: flags.dataRoot,
    ...(flags.kubeconfig === undefined ? {} : { kubeconfigPath: flags.kubeconfig }),
    defaultCpuSeconds,
    fetchTimeoutSeconds,
    logger,
  });
  logger.info(
    { url: processor.url, advertiseAddress, dataRoot: flags.dataRoot, defaultCpuSeconds },
    `processor listening on ${processor.url}${PROCESSOR_PATH}`,
  );

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
