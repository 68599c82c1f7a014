import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';

/**
 * A Python with Google's protobuf runtime and protoc beside it (Debian's
 * python3-protobuf and protobuf-compiler, installed by .ci/run): the
 * TensorFlowEvent tests write their event files with it, never with the
 * service's own code. PROTOBUF_PYTHON names another interpreter.
 */
export const PROTOBUF_PYTHON = process.env.PROTOBUF_PYTHON ?? '/usr/bin/python3';
export const TFEVENTS_WRITER = resolve('test/fixtures/tfevents/tfevents_writer.py');

/** Fails at once, saying what to install, rather than every test timing out. */
export function requireEventWriter(): void {
  const probe = spawnSync(PROTOBUF_PYTHON, ['-c', 'import google.protobuf'], { encoding: 'utf8' });
  const protoc = spawnSync('protoc', ['--version'], { encoding: 'utf8' });
  if (probe.status !== 0 || protoc.status !== 0) {
    throw new Error(
      `the event-file writer needs ${PROTOBUF_PYTHON} with google.protobuf and protoc on PATH ` +
        `(apt-get install python3-protobuf protobuf-compiler): ${probe.stderr || protoc.error?.message || ''}`,
    );
  }
}

/** How a scalar is written: simple_value (TF1, tensorboardX), TF2's DT_FLOAT tensor_content, DT_FLOAT float_val, DT_DOUBLE tensor_content. */
export type EventStyle = 'simple' | 'tf2' | 'tensor' | 'tensor-content';

/**
 * The writer's script mode: each command goes to its stdin and resolves once
 * the writer answers that the bytes are written, so a test decides exactly
 * what the file holds when the collector reads it.
 */
export class ScriptedEventWriter {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly answers: ((line: string) => void)[] = [];
  private readonly ready: Promise<string>;

  constructor(file: string, tag: string, style: EventStyle) {
    this.child = spawn(PROTOBUF_PYTHON, [TFEVENTS_WRITER, 'script', `--file=${file}`, `--tag=${tag}`, `--style=${style}`]);
    let stderr = '';
    this.child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    createInterface({ input: this.child.stdout }).on('line', (line) => this.answers.shift()?.(line));
    this.ready = this.answer();
    this.child.once('exit', (code) => {
      for (const waiting of this.answers.splice(0)) waiting(`exited ${code}: ${stderr}`);
    });
  }

  /** Resolves once the file exists with its file_version record. */
  async opened(): Promise<void> {
    expectOk(await this.ready);
  }

  async send(command: string): Promise<void> {
    const answer = this.answer();
    this.child.stdin.write(`${command}\n`);
    expectOk(await answer);
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((done) => this.child.once('exit', done));
    this.child.stdin.end();
    await exited;
  }

  private answer(): Promise<string> {
    return new Promise((resolve) => this.answers.push(resolve));
  }
}

function expectOk(answer: string): void {
  if (answer !== 'ok') throw new Error(`event writer: ${answer}`);
}
