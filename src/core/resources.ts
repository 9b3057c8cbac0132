/** Something that holds an operating-system resource (a browser, a server, worker threads). */
export interface Closeable {
  close(): Promise<void> | void;
}

/**
 * The resources one run owns (a build, a command), closed together in the run's `finally`.
 *
 * A resource is created through `shared` under a name, so the stages of a build that need the
 * same kind (the PDFs and the pack both print with one browser) get one instance, and whoever
 * started it early (a browser booting while the repo is checked) does not have to be the one
 * that closes it. Closing is in reverse order of creation, waits for every resource even when
 * one fails to close, and makes the owner refuse new resources: a stage still running after a
 * signal cannot start a browser nobody will close.
 */
export class Resources {
  private readonly held = new Map<string, Closeable>();
  private closing: Promise<void> | undefined;

  /** The resource under `name`, created with `create` on first use. */
  shared<T extends Closeable>(name: string, create: () => T): T {
    if (this.closing) throw new Error(`resource "${name}" requested after its owner closed`);
    let resource = this.held.get(name) as T | undefined;
    if (!resource) this.held.set(name, (resource = create()));
    return resource;
  }

  /** Takes a resource already made (a server that has started listening) to close with the rest. */
  own<T extends Closeable>(resource: T): T {
    if (this.closing) throw new Error('resource handed over after its owner closed');
    this.held.set(`#${this.held.size}`, resource);
    return resource;
  }

  /** The resource under `name` if it has been created. */
  existing<T extends Closeable>(name: string): T | undefined {
    return this.held.get(name) as T | undefined;
  }

  /** Closes every resource, newest first; the first error (if any) is thrown after all have closed. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      const errors: unknown[] = [];
      for (const resource of [...this.held.values()].reverse()) {
        try {
          await resource.close();
        } catch (error) {
          errors.push(error);
        }
      }
      this.held.clear();
      if (errors.length > 0) throw errors[0];
    })();
    return this.closing;
  }
}
