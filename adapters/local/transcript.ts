import { clearLine, cursorTo } from 'node:readline';

interface Waiter {
  text: string;
  resolve(seen: boolean): void;
}

/**
 * Everything local mode prints goes through here: to the terminal (keeping the prompt intact when
 * a reminder arrives while someone types) and to the `/wait … text` waiters.
 */
export class Transcript {
  private readonly waiters = new Set<Waiter>();
  // What was printed since the line before the current one: `/wait … text` also counts what
  // arrived while the previous line was handled.
  private previous = '';
  private current = '';
  /** Set while a typed line is handled: the prompt is redrawn only after it. */
  busy = false;
  /** Redraws the prompt (interactive only). */
  reprompt: () => void = () => {};

  constructor(
    private readonly output: NodeJS.WritableStream,
    private readonly interactive: boolean,
    readonly nameOf: (userId: string) => string,
  ) {}

  /** Prints a line; an `echo` (the typed line itself, in scripted sessions) is never waited for. */
  write(text: string, echo = false): void {
    if (this.interactive && !this.busy) {
      clearLine(this.output, 0);
      cursorTo(this.output, 0);
    }
    this.output.write(`${text}\n`);
    if (!echo) this.current += `${text}\n`;
    for (const w of echo ? [] : this.waiters)
      if (text.includes(w.text)) {
        this.waiters.delete(w);
        w.resolve(true);
      }
    if (this.interactive && !this.busy) this.reprompt();
  }

  /** A new typed line begins. */
  nextLine(): void {
    this.previous = this.current;
    this.current = '';
  }

  /**
   * Resolves true once `text` is printed (or was, since the previous typed line), false after `ms`;
   * without text it just lets `ms` pass.
   */
  waitFor(text: string | undefined, ms: number): Promise<boolean> {
    if (text && (this.previous + this.current).includes(text)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter: Waiter = { text: text ?? '\u0000never', resolve };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        resolve(false);
      }, ms);
      waiter.resolve = (seen) => {
        clearTimeout(timer);
        resolve(seen);
      };
      this.waiters.add(waiter);
    });
  }
}
