import { toSimplifiedShadow } from '../text/script.normalizer';

/**
 * Text and its simplified shadow (same length), with the source line of every offset, so that
 * keywords are matched once, in simplified characters, while output keeps the document's
 * characters and issues point at lines of the original input.
 */
export class TextBlock {
  private constructor(
    readonly text: string,
    readonly shadow: string,
    private readonly starts: number[],
    private readonly lines: number[],
  ) {}

  static fromLine(text: string, line: number | null, shadow?: string): TextBlock {
    return new TextBlock(text, shadow ?? toSimplifiedShadow(text), [0], [line ?? 0]);
  }

  /** Blocks joined end to end with `separator` between them. */
  static join(blocks: TextBlock[], separator = ''): TextBlock {
    let text = '';
    let shadow = '';
    const starts: number[] = [];
    const lines: number[] = [];
    blocks.forEach((block, i) => {
      if (i > 0) {
        text += separator;
        shadow += separator;
      }
      const base = text.length;
      block.starts.forEach((start, k) => {
        starts.push(base + start);
        lines.push(block.lines[k] ?? 0);
      });
      text += block.text;
      shadow += block.shadow;
    });
    return new TextBlock(text, shadow, starts, lines);
  }

  get length(): number {
    return this.text.length;
  }

  slice(start: number, end: number = this.text.length): TextBlock {
    const starts: number[] = [];
    const lines: number[] = [];
    for (let k = 0; k < this.starts.length; k++) {
      const from = this.starts[k] ?? 0;
      const to = this.starts[k + 1] ?? Infinity;
      if (to <= start || from >= end) continue;
      starts.push(Math.max(from, start) - start);
      lines.push(this.lines[k] ?? 0);
    }
    if (starts.length === 0) {
      starts.push(0);
      lines.push(this.lineAt(start) ?? 0);
    }
    return new TextBlock(this.text.slice(start, end), this.shadow.slice(start, end), starts, lines);
  }

  /** Source line of an offset; null when unknown. */
  lineAt(offset: number): number | null {
    let line = this.lines[0] ?? 0;
    for (let k = 0; k < this.starts.length; k++) {
      if ((this.starts[k] ?? 0) <= offset) line = this.lines[k] ?? line;
      else break;
    }
    return line === 0 ? null : line;
  }

  get line(): number | null {
    return this.lineAt(0);
  }

  /** The block without leading and trailing characters matched by the two patterns (on the shadow). */
  trim(lead: RegExp = /^[\s,;:、。]+/, trail: RegExp = /[\s,;:、。]+$/): TextBlock {
    const start = lead.exec(this.shadow)?.[0].length ?? 0;
    const rest = this.shadow.slice(start);
    const end = start + rest.length - (trail.exec(rest)?.[0].length ?? 0);
    return start === 0 && end === this.length ? this : this.slice(start, end);
  }
}
