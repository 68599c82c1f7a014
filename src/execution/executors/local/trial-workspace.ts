import { closeSync, mkdirSync, openSync, rmdirSync, unlinkSync, writeSync } from 'node:fs';
import { cp, mkdir, readdir, rm, stat } from 'node:fs/promises';
import { dirname, join, posix, resolve } from 'node:path';
import { LineSplitter } from '../../collection/line-splitter.js';
import { type CheckpointLaunch, type OutputStream, TrialLaunchError } from '../trial-executor.js';

/** The trial's output, in its own directory. */
const OUTPUT_LOG = 'output.log';
/** The trial's checkpoint directory (PBT's suggestion_trial_dir), inside its own directory. */
const CHECKPOINT_DIR = 'checkpoint';

interface WorkspaceLaunch {
  namespace: string;
  experimentName: string;
  trialName: string;
  metricsFilePath?: string;
  metricsPathKind?: 'File' | 'Directory';
  checkpoint?: CheckpointLaunch;
}

/**
 * A local trial's private directory, `<root>/<namespace>/<experiment>/<trial>`:
 * its output log, its metrics file (the container's path under `fs/`), and
 * scratch space the trial finds in KUBETUNE_TRIAL_DIR, and, for PBT, its
 * checkpoint directory `checkpoint/`, which starts as a copy of its parent
 * trial's. Each attempt starts from an empty directory (or that copy).
 */
export class TrialWorkspace {
  private readonly log: OutputLog;
  private readonly lines: Record<OutputStream, LineSplitter>;

  private constructor(
    readonly dir: string,
    /** The container's metrics file path and where it lives here. */
    private readonly metricsFile?: { containerPath: string; localPath: string },
    /** The container's checkpoint directory, without a trailing slash; it lives in `checkpoint/` here. */
    private readonly checkpointPath?: string,
  ) {
    this.log = new OutputLog(join(dir, OUTPUT_LOG));
    const writeLine = (prefix: string) => (line: string) => this.log.append(`${prefix}${line}\n`);
    this.lines = { stdout: new LineSplitter(writeLine('')), stderr: new LineSplitter(writeLine('! ')) };
  }

  static async prepare(root: string, launch: WorkspaceLaunch): Promise<TrialWorkspace> {
    const dir = resolve(root, launch.namespace, launch.experimentName, launch.trialName);
    // A first attempt's directory does not exist yet (mkdir says whether it made it): only a retry's is emptied,
    // off the event loop, as what a trial left may be large. Making a directory is a single quick system call.
    if (mkdirSync(dir, { recursive: true }) === undefined) {
      await rm(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
    }
    if (launch.checkpoint) await prepareCheckpoint(root, dir, launch);
    const metricsFile = launch.metricsFilePath
      ? { containerPath: launch.metricsFilePath, localPath: join(dir, 'fs', containerAbsolutePath(launch.metricsFilePath)) }
      : undefined;
    // A directory collector's path exists when the trial starts, as the volume Katib mounts there does.
    if (metricsFile) mkdirSync(launch.metricsPathKind === 'Directory' ? metricsFile.localPath : dirname(metricsFile.localPath), { recursive: true });
    const checkpointPath = launch.checkpoint ? containerAbsolutePath(launch.checkpoint.containerPath) : undefined;
    return new TrialWorkspace(dir, metricsFile, checkpointPath);
  }

  /** Where the trial's checkpoint directory is on this machine, when the experiment gives one. */
  get checkpointDir(): string | undefined {
    return this.checkpointPath === undefined ? undefined : join(this.dir, CHECKPOINT_DIR);
  }

  get metricsFilePath(): string | undefined {
    return this.metricsFile?.localPath;
  }

  /**
   * Container paths (in argv or env) as this machine sees them. The metrics
   * file moves into the workspace's `fs/`, and with it its directory, what is
   * below that, and each directory above it that the trial names whole (a
   * Katib trial often gets the log directory, `--log_dir=/mnist-logs`, and
   * the collector reads a file below it). Only whole paths move: not
   * `/var/logger` for `/var/log`, not `/opt/var/log`, and never a system
   * directory such as `/var` or `/tmp` itself. The checkpoint directory, and
   * what is below it, moves into `checkpoint/` (before the metrics file's
   * rules, being the more particular path when both share a directory).
   */
  localPath(text: string): string {
    const checkpointMoved = this.checkpointPath === undefined ? text : text.replace(WHOLE_PATH, (path) => this.checkpointLocalPath(path) ?? path);
    if (!this.metricsFile) return checkpointMoved;
    const file = containerAbsolutePath(this.metricsFile.containerPath);
    const directory = posix.dirname(file);
    const named = new Set(ancestorsOf(directory).filter((dir) => !SYSTEM_DIRECTORIES.has(dir)));
    return checkpointMoved.replace(WHOLE_PATH, (path) => {
      if (path.startsWith(`${this.dir}/`)) return path;
      const moves = path === file || path === directory || path.startsWith(`${directory}/`) || named.has(path) || path === this.metricsFile!.containerPath;
      return moves ? join(this.dir, 'fs', containerAbsolutePath(path)) : path;
    });
  }

  private checkpointLocalPath(path: string): string | undefined {
    const checkpoint = this.checkpointPath!;
    const trimmed = path.length > 1 ? path.replace(/\/+$/, '') : path;
    if (trimmed !== checkpoint && !trimmed.startsWith(`${checkpoint}/`)) return undefined;
    // A trailing slash is kept: a trial may join names onto the path as text.
    const trailing = trimmed.length < path.length ? '/' : '';
    return join(this.dir, CHECKPOINT_DIR, trimmed.slice(checkpoint.length)) + trailing;
  }

  /** Appends output to the log, stderr lines marked with "! ". */
  record(stream: OutputStream, chunk: Buffer): void {
    this.lines[stream].push(chunk);
  }

  async close(): Promise<void> {
    this.lines.stdout.end();
    this.lines.stderr.end();
    this.log.close();
  }

  /**
   * Removes what the trial left, but for its checkpoint: PBT's later
   * generations start from it. The experiment's deletion removes the rest.
   */
  async remove(): Promise<void> {
    if (this.checkpointPath === undefined) {
      // Most trials leave only their log: two quick removals instead of a recursive walk (six file-system calls
      // through the thread pool); a trial that left more, or a directory already gone, takes the walk.
      if (!this.metricsFile && removeLoneLog(this.dir)) return;
      return rm(this.dir, { recursive: true, force: true });
    }
    const entries = await readdir(this.dir).catch(() => [] as string[]);
    await Promise.all(entries.filter((name) => name !== CHECKPOINT_DIR).map((name) => rm(join(this.dir, name), { recursive: true, force: true })));
  }
}

/** Removes `dir` if it holds nothing but the output log; false when it holds more (or is gone), nothing else removed. */
function removeLoneLog(dir: string): boolean {
  try {
    unlinkSync(join(dir, OUTPUT_LOG));
    rmdirSync(dir);
    return true;
  } catch {
    return false;
  }
}

/**
 * The trial's output log, written as Node writes process.stdout to a file:
 * synchronously. A write to a local file is a copy into the page cache; the
 * thread pool's write cost the worker two hand-offs between threads per line,
 * more than the write itself. What a turn of the event loop brings is written
 * at its end in one call. The log is the trial's record, not its run: a write
 * that fails (a full disk) ends the log, never the trial.
 */
class OutputLog {
  private fd: number | undefined;
  private pending = '';

  constructor(path: string) {
    this.fd = openSync(path, 'w');
  }

  append(text: string): void {
    if (this.fd === undefined) return;
    if (this.pending.length === 0) setImmediate(() => this.flush());
    this.pending += text;
  }

  close(): void {
    this.flush();
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private flush(): void {
    if (this.pending.length === 0 || this.fd === undefined) return;
    const bytes = Buffer.from(this.pending);
    this.pending = '';
    try {
      for (let written = 0; written < bytes.length; ) written += writeSync(this.fd, bytes, written);
    } catch {
      const fd = this.fd;
      this.fd = undefined;
      try {
        closeSync(fd);
      } catch {
        // Already unusable: nothing more to write to it.
      }
    }
  }
}

/**
 * The trial's checkpoint directory: empty, or a copy of its parent's (PBT's
 * exploit and explore both continue from the parent's checkpoint). A parent
 * whose directory is gone (removed, or kept by another machine's worker)
 * fails the launch, as Katib's suggestion fails when it cannot copy.
 */
async function prepareCheckpoint(root: string, dir: string, launch: WorkspaceLaunch): Promise<void> {
  const target = join(dir, CHECKPOINT_DIR);
  const parent = launch.checkpoint?.parentTrialName;
  if (parent === undefined) return void (await mkdir(target, { recursive: true }));
  const source = resolve(root, launch.namespace, launch.experimentName, parent, CHECKPOINT_DIR);
  const found = await stat(source).then((info) => info.isDirectory(), () => false);
  if (!found) {
    throw new TrialLaunchError(`the checkpoint of parent trial "${parent}" is not on this machine (looked in ${source}); PBT trials must run where their parents ran`);
  }
  await cp(source, target, { recursive: true, preserveTimestamps: true });
}

/**
 * A path as the container would resolve it: in a container `/..` is `/`, so
 * no `..` climbs out of the container's filesystem, and none climbs out of
 * the trial's `fs/` here. Submission refuses such paths already; this holds
 * for experiments stored before it did.
 */
function containerAbsolutePath(path: string): string {
  return posix.resolve('/', path);
}

/** An absolute path in a text, not inside a longer word or path. */
const WHOLE_PATH = /(?<![\w./-])\/[^\s"',;:=]*/g;

/** Top-level directories of every container's filesystem: a trial naming one means the system's, not its log directory. */
const SYSTEM_DIRECTORIES = new Set(['/bin', '/boot', '/dev', '/etc', '/home', '/lib', '/lib64', '/mnt', '/opt', '/proc', '/root', '/run', '/sbin', '/srv', '/sys', '/tmp', '/usr', '/var']);

/** `/a/b/c` → `/a/b/c`, `/a/b`, `/a`; `/` left out (rewriting it would move everything). */
function ancestorsOf(path: string): string[] {
  const ancestors: string[] = [];
  for (let dir = path; dir !== '/' && dir !== '.'; dir = posix.dirname(dir)) ancestors.push(dir);
  return ancestors;
}
