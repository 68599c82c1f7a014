import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join, posix, resolve } from 'node:path';
import { LineSplitter } from '../../collection/line-splitter.js';
import type { OutputStream } from '../trial-executor.js';

/**
 * A local trial's private directory, `<root>/<namespace>/<experiment>/<trial>`:
 * its output log, its metrics file (the container's path under `fs/`), and
 * scratch space the trial finds in KUBETUNE_TRIAL_DIR. Each attempt starts
 * from an empty directory.
 */
export class TrialWorkspace {
  private readonly log: WriteStream;
  private readonly lines: Record<OutputStream, LineSplitter>;

  private constructor(
    readonly dir: string,
    /** The container's metrics file path and where it lives here. */
    private readonly metricsFile?: { containerPath: string; localPath: string },
  ) {
    this.log = createWriteStream(join(dir, 'output.log'));
    const writeLine = (prefix: string) => (line: string) => this.log.write(`${prefix}${line}\n`);
    this.lines = { stdout: new LineSplitter(writeLine('')), stderr: new LineSplitter(writeLine('! ')) };
  }

  static async prepare(
    root: string,
    launch: { namespace: string; experimentName: string; trialName: string; metricsFilePath?: string; metricsPathKind?: 'File' | 'Directory' },
  ): Promise<TrialWorkspace> {
    const dir = resolve(root, launch.namespace, launch.experimentName, launch.trialName);
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    const metricsFile = launch.metricsFilePath
      ? { containerPath: launch.metricsFilePath, localPath: join(dir, 'fs', containerAbsolutePath(launch.metricsFilePath)) }
      : undefined;
    // A directory collector's path exists when the trial starts, as the volume Katib mounts there does.
    if (metricsFile) await mkdir(launch.metricsPathKind === 'Directory' ? metricsFile.localPath : dirname(metricsFile.localPath), { recursive: true });
    return new TrialWorkspace(dir, metricsFile);
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
   * directory such as `/var` or `/tmp` itself.
   */
  localPath(text: string): string {
    if (!this.metricsFile) return text;
    const file = containerAbsolutePath(this.metricsFile.containerPath);
    const directory = posix.dirname(file);
    const named = new Set(ancestorsOf(directory).filter((dir) => !SYSTEM_DIRECTORIES.has(dir)));
    return text.replace(WHOLE_PATH, (path) => {
      const moves = path === file || path === directory || path.startsWith(`${directory}/`) || named.has(path) || path === this.metricsFile!.containerPath;
      return moves ? join(this.dir, 'fs', containerAbsolutePath(path)) : path;
    });
  }

  /** Appends output to the log, stderr lines marked with "! ". */
  record(stream: OutputStream, chunk: Buffer): void {
    this.lines[stream].push(chunk);
  }

  async close(): Promise<void> {
    this.lines.stdout.end();
    this.lines.stderr.end();
    await new Promise((done) => this.log.end(done));
  }

  async remove(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
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
