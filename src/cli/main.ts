#!/usr/bin/env node
import { Command, InvalidArgumentError, Option } from 'commander';
import { readFileSync } from 'node:fs';
import { TRIAL_PHASES, type TrialPhase } from '../domain/trial-phase.js';
import { connect } from './connection.js';
import { CliError, describeFailure, EXIT } from './exit-codes.js';
import { followExperiment } from './follow.js';
import { bestTrialText, describeExperiment, experimentsTable, formatData, type OutputFormat, statusOf, trialsTable } from './render.js';

/**
 * `kubetune`: submit and follow experiments, read their trials and results,
 * stop and delete them, and run the service itself, over the same REST API
 * as everything else (src/client). Exit statuses are in exit-codes.ts.
 */
interface GlobalOptions {
  server?: string;
  token?: string;
  namespace?: string;
  output: OutputFormat;
}

function readManifest(file: string): string {
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(code === 'ENOENT' ? `file not found: ${file}` : `cannot read ${file}: ${(error as Error).message}`, EXIT.badInput);
  }
}

function print(text: string): void {
  process.stdout.write(`${text}\n`);
}

function phaseOption(value: string): TrialPhase {
  if (!(TRIAL_PHASES as readonly string[]).includes(value)) throw new InvalidArgumentError(`must be one of ${TRIAL_PHASES.join(', ')}`);
  return value as TrialPhase;
}

function positive(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new InvalidArgumentError('must be a positive integer');
  return number;
}

function nonNegative(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new InvalidArgumentError('must be a whole number, 0 or more');
  return number;
}

export function buildProgram(): Command {
  const program = new Command('kubetune')
    .description('Hyperparameter tuning with Katib-compatible experiments')
    .addOption(new Option('--server <url>', 'the kubetune API (default: $KUBETUNE_SERVER or http://127.0.0.1:8080)'))
    .addOption(new Option('--token <token>', 'bearer token (default: $KUBETUNE_TOKEN, or the local server\'s .kubetune/token)'))
    .addOption(new Option('-n, --namespace <namespace>', 'the experiment\'s namespace (default: the manifest\'s, else "default")'))
    .addOption(new Option('-o, --output <format>', 'how results are printed').choices(['table', 'json', 'yaml']).default('table'))
    .showHelpAfterError()
    .exitOverride();
  const globals = () => program.opts<GlobalOptions>();
  const client = () => connect(globals());

  program
    .command('run')
    .description('submit an experiment and follow it until it completes; exits 0 only if it Succeeded')
    .argument('<file>', 'a Katib Experiment in YAML or JSON ("-" for stdin)')
    .action(async (file: string) => {
      const api = client();
      const created = await api.createExperiment(readManifest(file), { namespace: globals().namespace });
      const { name, namespace } = created.metadata;
      process.stderr.write(`experiment ${namespace}/${name} created; following it (Ctrl-C stops following, not the experiment)\n`);
      let interrupted = false;
      const onInterrupt = () => (interrupted = true);
      process.once('SIGINT', onInterrupt);
      const final = await followExperiment(api, name, { namespace, stopped: () => interrupted });
      process.off('SIGINT', onInterrupt);
      if (interrupted) {
        print(`still running: kubetune stop ${name} -n ${namespace} stops it`);
        process.exitCode = EXIT.interrupted;
        return;
      }
      const status = statusOf(final);
      print(`\n${name}: ${status.type} (${status.reason}): ${status.message}`);
      print(bestTrialText(final.status.currentOptimalTrial, final));
      process.exitCode = status.type === 'Succeeded' ? EXIT.ok : EXIT.experimentDidNotSucceed;
    });

  program
    .command('submit')
    .description('submit an experiment and return at once')
    .argument('<file>', 'a Katib Experiment in YAML or JSON ("-" for stdin)')
    .action(async (file: string) => {
      const created = await client().createExperiment(readManifest(file), { namespace: globals().namespace });
      if (globals().output === 'table') print(`experiment ${created.metadata.namespace}/${created.metadata.name} created`);
      else print(formatData(created, globals().output as 'json' | 'yaml'));
    });

  const get = program.command('get').description('list experiments, or the trials of one');
  get
    .command('experiments')
    .alias('experiment')
    .argument('[name]', 'one experiment')
    .action(async (name?: string) => {
      const { namespace, output } = globals();
      const experiments = name ? [await client().getExperiment(name, namespace)] : (await client().listExperiments(namespace)).items;
      print(output === 'table' ? experimentsTable(experiments) : formatData(name ? experiments[0] : experiments, output));
    });
  get
    .command('trials')
    .alias('trial')
    .argument('<experiment>', 'the experiment')
    .option('--phase <phase>', 'only trials in this phase', phaseOption)
    .option('--best', 'best objective first')
    .option('--limit <n>', 'at most this many', positive, 100)
    .action(async (experiment: string, options: { phase?: TrialPhase; best?: boolean; limit: number }) => {
      const { namespace, output } = globals();
      const api = client();
      const [owner, page] = await Promise.all([
        api.getExperiment(experiment, namespace),
        api.listTrials(experiment, { namespace, phase: options.phase, limit: options.limit, sort: options.best ? 'objective' : 'created' }),
      ]);
      print(output === 'table' ? trialsTable(page.items, owner) : formatData(page, output));
      if (output === 'table' && page.total > page.items.length) process.stderr.write(`(${page.items.length} of ${page.total}; --limit shows more)\n`);
    });

  program
    .command('describe')
    .description('an experiment in full: status, objective, algorithm, budget, best trial')
    .argument('<kind>', '"experiment"')
    .argument('<name>')
    .action(async (kind: string, name: string) => {
      if (kind !== 'experiment' && kind !== 'experiments') throw new CliError(`cannot describe "${kind}": only "experiment"`, EXIT.badInput);
      const { namespace, output } = globals();
      const experiment = await client().getExperiment(name, namespace);
      print(output === 'table' ? describeExperiment(experiment) : formatData(experiment, output));
    });

  program
    .command('best')
    .description("the experiment's best trial and its parameters (Katib's currentOptimalTrial)")
    .argument('<name>')
    .action(async (name: string) => {
      const { namespace, output } = globals();
      const experiment = await client().getExperiment(name, namespace);
      const optimal = experiment.status.currentOptimalTrial;
      print(output === 'table' ? bestTrialText(optimal, experiment) : formatData(optimal, output));
    });

  program
    .command('logs')
    .description("what a trial's workload printed (stdout, and stderr marked '! '), as kept by the service")
    .argument('<experiment>')
    .argument('<trial>')
    .option('--tail <n>', 'only the last n lines', positive)
    .action(async (experiment: string, trial: string, options: { tail?: number }) => {
      const { namespace, output } = globals();
      const { lines } = await client().getTrialLogs(experiment, trial, { tail: options.tail, namespace });
      if (output !== 'table') return print(formatData(lines, output));
      for (const { stream, line } of lines) print(`${stream === 'stderr' ? '! ' : ''}${line}`);
    });

  program
    .command('ask')
    .description('ask/tell: new trials of an experiment without a trialTemplate, to run yourself (prints each trial, its token and parameters)')
    .argument('<experiment>')
    .option('--count <n>', 'how many trials', positive, 1)
    .action(async (experiment: string, options: { count: number }) => {
      const { namespace, output } = globals();
      const { trials } = await client().askForTrials(experiment, options.count, namespace);
      if (output !== 'table') return print(formatData(trials, output));
      // One line per trial, easy to read in a shell loop: name, token, then name=value pairs.
      for (const trial of trials) print([trial.name, trial.token, ...trial.parameterAssignments.map((p) => `${p.name}=${p.value}`)].join(' '));
    });

  program
    .command('tell')
    .description("ask/tell: complete a trial you ran with its objective value (or --state Failed|Infeasible)")
    .argument('<experiment>')
    .argument('<trial>')
    .argument('[value]', "the objective metric's final value")
    .requiredOption('--trial-token <token>', 'the token `ask` printed for the trial')
    .addOption(new Option('--state <state>', 'how the trial ended').choices(['Succeeded', 'Failed', 'Infeasible']).default('Succeeded'))
    .option('--message <text>', 'why it failed, for Failed or Infeasible')
    .action(async (experiment: string, trial: string, value: string | undefined, options: { trialToken: string; state: 'Succeeded' | 'Failed' | 'Infeasible'; message?: string }) => {
      const { namespace } = globals();
      const api = client();
      let metrics: Record<string, number> | undefined;
      if (value !== undefined) {
        const number = Number(value);
        if (value.trim() === '' || !Number.isFinite(number)) throw new CliError(`value must be a finite number, got "${value}"`, EXIT.badInput);
        const objective = (await api.getExperiment(experiment, namespace)).spec.objective.objectiveMetricName;
        metrics = { [objective]: number };
      }
      const ended = await api.completeTrial(experiment, trial, options.trialToken, { state: options.state, metrics, message: options.message }, namespace);
      print(`${ended.name}: ${ended.phase}${ended.message ? ` (${ended.message})` : ''}`);
    });

  program
    .command('stop')
    .description('stop an experiment: no new trials, running trials are killed')
    .argument('<name>')
    .action(async (name: string) => {
      const stopped = await client().stopExperiment(name, globals().namespace);
      print(`experiment ${stopped.metadata.namespace}/${name} stopped`);
    });

  program
    .command('extend')
    .description('raise the budget; resumes a LongRunning or FromVolume experiment that reached maxTrialCount')
    .argument('<name>')
    .option('--max-trials <n>', 'new maxTrialCount', positive)
    .option('--parallel <n>', 'new parallelTrialCount', positive)
    .option('--max-failed <n>', 'new maxFailedTrialCount', nonNegative)
    .action(async (name: string, options: { maxTrials?: number; parallel?: number; maxFailed?: number }) => {
      const budget = { maxTrialCount: options.maxTrials, parallelTrialCount: options.parallel, maxFailedTrialCount: options.maxFailed };
      if (Object.values(budget).every((v) => v === undefined)) throw new CliError('give --max-trials, --parallel or --max-failed', EXIT.badInput);
      const edited = await client().editExperimentBudget(name, JSON.parse(JSON.stringify(budget)), globals().namespace);
      print(`experiment ${edited.metadata.namespace}/${name}: ${statusOf(edited).type}, maxTrialCount ${edited.spec.maxTrialCount ?? 'unlimited'}, parallelTrialCount ${edited.spec.parallelTrialCount}`);
    });

  program
    .command('delete')
    .description('delete an experiment with its trials and logs')
    .argument('<name>')
    .action(async (name: string) => {
      await client().deleteExperiment(name, globals().namespace);
      print(`experiment ${globals().namespace ?? 'default'}/${name} deleted`);
    });

  for (const [role, what] of [
    ['server', 'the API and a worker in one process (the embedded default)'],
    ['api', 'only the REST API'],
    ['worker', 'only a worker (reconciles and trials)'],
  ] as const) {
    program
      .command(role)
      .description(`run ${what}; configured by the environment (docs/deploy.md)`)
      .action(async () => {
        const { runService } = await import('../main.js');
        await runService({ ...process.env, ROLE: role === 'server' ? 'all' : role });
        // The service keeps the process alive until it is signalled.
        await new Promise(() => {});
      });
  }
  return program;
}

async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (typeof code === 'string' && code.startsWith('commander.')) {
      // commander has printed the problem (or the help) itself.
      process.exitCode = code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help' ? EXIT.ok : EXIT.badInput;
      return;
    }
    const failure = describeFailure(error);
    for (const line of failure.lines) process.stderr.write(`kubetune: ${line}\n`);
    process.exitCode = failure.exitCode;
  }
}

void main(process.argv);
