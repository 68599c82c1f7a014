import { StringDecoder } from 'node:string_decoder';

/** Metric lines are short; anything longer is a blob (a tensor dump, binary output) not worth holding. */
export const DEFAULT_MAX_LINE_LENGTH = 64 * 1024;

/**
 * Splits a stream of chunks into complete lines, without their terminators.
 *
 * A line ends at \n, \r\n or a lone \r: progress bars such as tqdm redraw
 * with \r, and each redraw (`... loss=0.31`) is an update worth reading as it
 * comes. A line longer than `maxLineLength` characters is dropped whole rather
 * than cut, since a cut could turn `loss=0.123` into a wrong `loss=0.1`.
 *
 * Feed a stream either Buffers or strings, not both: bytes of a character
 * split across Buffers are held back until the rest arrives.
 */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private pendingLine = '';
  private droppingOverlongLine = false;
  private lastChunkEndedWithCarriageReturn = false;

  constructor(
    private readonly onLine: (line: string) => void,
    private readonly maxLineLength = DEFAULT_MAX_LINE_LENGTH,
  ) {}

  push(chunk: Buffer | string): void {
    this.consume(typeof chunk === 'string' ? chunk : this.decoder.write(chunk));
  }

  /** Emits the unterminated last line, if any, and makes the splitter ready for a new stream. */
  end(): void {
    this.consume(this.decoder.end());
    if (this.pendingLine.length > 0 && !this.droppingOverlongLine) this.onLine(this.pendingLine);
    this.pendingLine = '';
    this.droppingOverlongLine = false;
    this.lastChunkEndedWithCarriageReturn = false;
  }

  private consume(text: string): void {
    if (text.length === 0) return;
    // The \r of a \r\n already ended the line in the previous chunk.
    let lineStart = this.lastChunkEndedWithCarriageReturn && text.startsWith('\n') ? 1 : 0;
    const lineBreak = /\r\n?|\n/g;
    lineBreak.lastIndex = lineStart;
    for (let match = lineBreak.exec(text); match !== null; match = lineBreak.exec(text)) {
      this.append(text.slice(lineStart, match.index));
      this.emitPendingLine();
      lineStart = lineBreak.lastIndex;
    }
    this.append(text.slice(lineStart));
    this.lastChunkEndedWithCarriageReturn = text.endsWith('\r');
  }

  private append(segment: string): void {
    if (this.droppingOverlongLine) return;
    if (this.pendingLine.length + segment.length > this.maxLineLength) {
      this.pendingLine = '';
      this.droppingOverlongLine = true;
      return;
    }
    this.pendingLine += segment;
  }

  private emitPendingLine(): void {
    if (!this.droppingOverlongLine) this.onLine(this.pendingLine);
    this.pendingLine = '';
    this.droppingOverlongLine = false;
  }
}
