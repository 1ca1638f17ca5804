import * as fs from 'fs';
import * as path from 'path';
import { Auditor, type AuditOptions } from './engine';
import type { AuditReport } from './report';

/** Files larger than this are refused (a manifest that large is almost surely not one). */
export const DEFAULT_MAX_FILE_BYTES = 16 * 1024 * 1024;

/** File name endings the audit reads when it walks a directory. */
const MANIFEST_FILE = /\.(ya?ml|json)$/i;

/** Directories never walked: dependencies and version control. */
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git']);

/**
 * Files a directory walk passes over: well-known YAML and JSON files of the tools around
 * manifests that are not Kubernetes objects (cdk8s's construct metadata beside its output, Helm's
 * chart metadata and values, project files). Named explicitly, they are still audited.
 */
const SKIPPED_FILES = new Set([
  'construct-metadata.json', 'cdk8s.yaml', 'Chart.yaml', 'values.yaml', 'values.schema.json',
  'package.json', 'package-lock.json', 'tsconfig.json', 'Pulumi.yaml', 'devfile.yaml',
]);

/** Options of {@link auditPaths}. */
export interface AuditPathsOptions extends AuditOptions {
  /**
   * Largest file accepted, in bytes.
   * @default DEFAULT_MAX_FILE_BYTES (16 MiB)
   */
  readonly maxFileBytes?: number;
  /**
   * Reads standard input when a path is `-`.
   * @default - reads file descriptor 0
   */
  readonly readStdin?: () => string;
}

/**
 * Audits files and directories (recursively: `*.yaml`, `*.yml`, `*.json`); `-` reads standard
 * input. Files are read one at a time, so memory stays bounded. Inputs that cannot be audited
 * become `errors` in the report; the others are still audited.
 */
export function auditPaths(paths: readonly string[], options: AuditPathsOptions = {}): AuditReport {
  const auditor = new Auditor(options);
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  for (const given of paths) {
    if (given === '-') {
      const read = options.readStdin ?? (() => fs.readFileSync(0, 'utf8'));
      let text: string;
      try {
        text = read();
      } catch (e) {
        auditor.addError({ file: '-', message: `cannot read standard input: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
        continue;
      }
      if (text.trim() === '') auditor.addError({ file: '-', message: 'standard input is empty: no manifests to audit' });
      else auditor.addText('-', text, /^\s*[{[]/.test(text) && isJson(text));
      continue;
    }
    let stat: fs.Stats;
    try {
      stat = fs.statSync(given);
    } catch (e) {
      auditor.addError({ file: given, message: describeFsError(e) });
      continue;
    }
    if (stat.isDirectory()) {
      const files = listManifests(given, auditor);
      if (files.length === 0) auditor.addError({ file: given, message: 'no manifests (*.yaml, *.yml, *.json) found in this directory' });
      for (const file of files) auditFile(auditor, file, maxBytes);
    } else {
      auditFile(auditor, given, maxBytes);
    }
  }
  return auditor.finish();
}

function auditFile(auditor: Auditor, file: string, maxBytes: number): void {
  let text: string;
  try {
    const size = fs.statSync(file).size;
    if (size > maxBytes) {
      auditor.addError({ file, message: `file is ${mib(size)} MiB, over the ${mib(maxBytes)} MiB limit for one manifest file; split it or raise --max-file-size` });
      return;
    }
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    auditor.addError({ file, message: describeFsError(e) });
    return;
  }
  auditor.addText(file, text);
}

/** Manifest files below a directory, sorted, as `dir` joined with their relative path. */
function listManifests(dir: string, auditor: Auditor): string[] {
  const out: string[] = [];
  const walk = (current: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(current, { withFileTypes: true });
    } catch (e) {
      auditor.addError({ file: current, message: describeFsError(e) });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) walk(full);
      } else if (MANIFEST_FILE.test(entry.name) && !SKIPPED_FILES.has(entry.name) && !/^Pulumi\..+\.ya?ml$/.test(entry.name)
        && (entry.isFile() || isFileLink(full))) {
        out.push(full);
      }
    }
  };
  walk(dir);
  return out;
}

function isFileLink(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function mib(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(bytes < 1024 * 1024 ? 2 : 0);
}

/** One line for a file-system error, without a stack. */
function describeFsError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err.code) {
    case 'ENOENT': return 'no such file or directory';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'EISDIR': return 'is a directory';
    case 'ENOTDIR': return 'a path component is not a directory';
    case 'ELOOP': return 'too many symbolic links';
    default: return `cannot read: ${err.code ?? err.message}`;
  }
}
