/** Where a command writes: a stream's write() and whether it is a terminal. */
export interface OutputStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

/** Everything the CLI may touch of the outside world, passed in so commands run in-process in tests. */
export interface CliIo {
  /** Arguments after `precept`. */
  argv: readonly string[];
  cwd: string;
  stdout: OutputStream;
  stderr: OutputStream;
  env: Readonly<Record<string, string | undefined>>;
  /** The clock (tests fix it). */
  now?: () => Date;
  /** Aborts long-running commands (serve, dev); the binary wires it to SIGINT/SIGTERM. */
  signal?: AbortSignal;
  /**
   * Asks a long-running command to load its inputs again (serve); the binary wires it to
   * SIGHUP. Returns the function that stops listening.
   */
  onReload?(listener: () => void): () => void;
}
