// Commander's own parse errors (unknown option, missing argument, too many arguments...) in the
// CLI's one error format, `go-profiler: <operation> <object>: <reason>` on one stderr line, status 1.

import { CommanderError, type Command } from 'commander';

/** A command line go-profiler cannot run; the message names the word at fault. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(object: string, reason: string, options?: { cause?: unknown }) {
    super(`parse ${object}: ${reason}`, options);
  }
}

/** `go-profiler top`, `go-profiler`: how the user invoked the command, for the messages. */
function invocation(command: Command): string {
  const names: string[] = [];
  for (let at: Command | null = command; at !== null; at = at.parent) names.unshift(at.name());
  return names.join(' ');
}

/** Commander's "\n(Did you mean --focus?)", as the end of our one line. */
function suggestionOf(message: string): string {
  const match = /\(Did you mean (.+)\?\)/.exec(message);
  return match === null ? '' : ` (did you mean ${match[1]}?)`;
}

function commandNames(command: Command): string {
  return command.commands.map((sub) => sub.name()).join(', ');
}

/** The UsageError for a CommanderError raised while `command` parsed its part of the line. */
export function usageErrorOf(error: CommanderError, command: Command): UsageError {
  const text = error.message.replace(/^error: /, '');
  const quoted = /'([^']*)'/.exec(text)?.[1] ?? '';
  const who = invocation(command);
  switch (error.code) {
    case 'commander.unknownOption':
      return new UsageError(`option ${quoted}`, `${who} has no such option${suggestionOf(text)}`, { cause: error });
    case 'commander.optionMissingArgument': {
      const [flag, ...value] = quoted.split(' ');
      return new UsageError(`option ${flag}`, `missing its value ${value.join(' ')}`.trimEnd(), { cause: error });
    }
    case 'commander.missingArgument':
      return new UsageError(`argument <${quoted}>`, `missing (usage: ${who} ${command.usage()})`, { cause: error });
    case 'commander.excessArguments': {
      const expected = command.registeredArguments.length;
      const extra = command.args[expected] ?? '';
      const takes = expected === 0 ? 'takes no arguments' : `takes ${expected}`;
      return new UsageError(`argument ${JSON.stringify(extra)}`, `${who} ${takes}`, { cause: error });
    }
    case 'commander.unknownCommand':
      return new UsageError(
        `command ${JSON.stringify(quoted)}`,
        `not a go-profiler command${suggestionOf(text) || ` (one of ${commandNames(command)})`}`,
        { cause: error },
      );
    case 'commander.help':
      // `go-profiler` alone: commander would print the whole help to stderr.
      return new UsageError('command', `missing (one of ${commandNames(command)}; see ${who} --help)`, {
        cause: error,
      });
    default:
      return new UsageError(`command line of ${who}`, text.replace(/\s*\n\s*/g, ' '), { cause: error });
  }
}

/**
 * Routes every parse error of `program` and its subcommands through usageErrorOf: commander
 * prints nothing to stderr and throws instead of exiting; --help and --version still print to
 * stdout and surface as CommanderError with exit code 0.
 */
export function routeUsageErrors(program: Command): void {
  const configure = (command: Command) => {
    command.configureOutput({ writeErr: () => {}, outputError: () => {} });
    command.exitOverride((error) => {
      if (error.exitCode === 0) throw error;
      throw usageErrorOf(error, command);
    });
    for (const sub of command.commands) configure(sub);
  };
  configure(program);
}

/** --help, --version and `help`: commander has printed what was asked; not a failure. */
export function isInformational(error: unknown): boolean {
  return error instanceof CommanderError && error.exitCode === 0;
}
