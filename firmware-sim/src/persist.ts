/** A JSON object persisted to a file (or kept in memory): localStorage, alarms, phone settings. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export class JsonFileStore<T extends object> {
  private data: T;
  constructor(
    private readonly file: string | undefined,
    initial: () => T,
  ) {
    this.data = initial();
    if (file && existsSync(file)) {
      try {
        this.data = JSON.parse(readFileSync(file, 'utf8')) as T;
      } catch (e) {
        throw new Error(`corrupt store ${file}: ${(e as Error).message}`);
      }
    }
  }

  get value(): T {
    return this.data;
  }

  update(fn: (d: T) => void): void {
    fn(this.data);
    this.save();
  }

  replace(d: T): void {
    this.data = d;
    this.save();
  }

  save(): void {
    if (!this.file) return;
    mkdirSync(dirname(this.file), { recursive: true });
    writeFileSync(this.file, JSON.stringify(this.data, null, 2));
  }
}
