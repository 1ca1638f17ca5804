import * as jsyaml from 'js-yaml';
import { LineCounter, parseDocument } from 'yaml';
import type { FieldPath } from '../controls/types';

/**
 * The loader turns the text of one file into documents, each with a way to find the line of
 * any field in it.
 *
 * Speed and exact lines both matter (the audit of 10,000 documents should run at a good
 * fraction of the fastest plain YAML parse), so the common case takes the fast path:
 * - the text is cut into documents at `---` / `...` markers (a marker at column 0 always ends a
 *   document in YAML, even inside a block scalar), so each document knows its first line;
 * - each document is parsed with `js-yaml` (about ten times faster than `yaml`), whose event
 *   listener records the line of every mapping key and sequence item as it goes.
 * Documents that use aliases take the careful path instead: the `yaml` library, which caps alias
 * expansion (a "billion laughs" bomb becomes an error, not an exhausted heap) and gives source
 * ranges. JSON files are parsed with `JSON.parse`; their lines are found by re-reading the file
 * with the listener only when a finding needs one.
 */

/** One document of a file. */
export interface LoadedDocument {
  /** 0-based index of the document in its file (empty documents count). */
  readonly index: number;
  /** 1-based line of the document's first content. */
  readonly line: number;
  /** The parsed value (null for an empty document). */
  readonly value: unknown;
  /**
   * The 1-based line of the field at `path`, or of its deepest ancestor that exists in the
   * source (a field that is missing is reported where it should be added).
   */
  lineOf(path: FieldPath): number;
}

/** Why a file could not be loaded. */
export class ManifestSyntaxError extends Error {
  /** 1-based line of the error, when known. */
  public readonly line?: number;

  constructor(message: string, line?: number) {
    super(message);
    this.name = 'ManifestSyntaxError';
    this.line = line;
  }
}

/** Aliases expanded per document at most (the `yaml` library's own default). */
const MAX_ALIAS_COUNT = 100;

/** Deepest nesting accepted: Kubernetes objects are far shallower. */
const MAX_DEPTH = 200;

/**
 * Parses the text of one YAML or JSON file into documents.
 * @param text the file's content
 * @param json parse as JSON (the file name ends in `.json`)
 * @throws ManifestSyntaxError on a syntax error, with the line
 */
export function loadManifests(text: string, json = false): LoadedDocument[] {
  if (json) return [loadJson(text)];
  const out: LoadedDocument[] = [];
  for (const chunk of splitDocuments(text)) {
    out.push(USES_ALIAS.test(chunk.text) ? loadWithYaml(chunk, out.length) : loadWithJsYaml(chunk, out.length));
  }
  return out;
}

/** A document's text and the 0-based line of the file it starts at. */
interface Chunk {
  readonly text: string;
  readonly startLine: number;
}

const DOCUMENT_START = /^---(?=[ \t]|$)/;
const DOCUMENT_END = /^\.\.\.(?=[ \t]|$)/;
const DIRECTIVE = /^%/;
const BLANK_OR_COMMENT = /^[ \t]*(#.*)?$/;

/**
 * An alias (`*name`) outside quotes and comments: a conservative test; a false positive only
 * sends the document down the careful path.
 */
const USES_ALIAS = /(?:^|[\s,[{:-])\*[^\s,[\]{}]/;

/**
 * Cuts a YAML stream into documents. A document starts at a `---` line (kept in its text, so
 * content after the marker stays where it is) and ends before the next `---` or after `...`.
 * Text before the first marker is a document only if it holds content; directives (`%YAML`)
 * belong to the document that follows them.
 */
function splitDocuments(text: string): Chunk[] {
  const lines = text.split('\n');
  const chunks: Chunk[] = [];
  let start = 0;
  let explicit = false; // the current chunk began with `---`
  const flush = (end: number): void => {
    const body = lines.slice(start, end);
    if (explicit || body.some((l) => !BLANK_OR_COMMENT.test(l) && !DIRECTIVE.test(l))) {
      chunks.push({ text: body.join('\n'), startLine: start });
    }
  };
  for (let i = 0; i < lines.length; i++) {
    if (DOCUMENT_START.test(lines[i])) {
      // Directives and comments right before the marker belong to the new document.
      let begin = i;
      while (begin > start && (DIRECTIVE.test(lines[begin - 1]) || BLANK_OR_COMMENT.test(lines[begin - 1]))) begin--;
      flush(begin);
      start = begin;
      explicit = true;
    } else if (DOCUMENT_END.test(lines[i])) {
      flush(i + 1);
      start = i + 1;
      explicit = false;
    }
  }
  if (start < lines.length) flush(lines.length);
  return chunks;
}

/** Line maps: for each parsed mapping or sequence, the 0-based line of each key or item. */
type LineMaps = WeakMap<object, Map<string | number, number>>;

/** Parses with js-yaml, recording lines through its event listener. */
function parseWithLines(text: string, offset: number): { value: unknown; lines: LineMaps; rootLine: number } {
  const lines: LineMaps = new WeakMap();
  // A flat stack of (value, line) pairs for the children of the nodes still open.
  const items: unknown[] = [];
  const starts: number[] = [];
  const openLines: number[] = [];
  let rootLine = 0;
  const listener = (event: string, state: any): void => {
    if (event === 'open') {
      starts.push(items.length);
      openLines.push(state.line);
      return;
    }
    const start = starts.pop()!;
    const line = openLines.pop()!;
    const result = state.result;
    if (result !== null && typeof result === 'object' && items.length > start && !lines.has(result)) {
      // Children come as (key, value) pairs for a mapping and items for a sequence; a parser's
      // failed look-ahead for one more key can leave a trailing pair, which the bounds drop.
      const map = new Map<string | number, number>();
      if (Array.isArray(result)) {
        for (let i = start, k = 0; i + 1 < items.length && k < result.length; i += 2, k++) map.set(k, items[i + 1] as number);
      } else {
        for (let i = start; i + 3 < items.length; i += 4) {
          const key = items[i];
          if ((typeof key === 'string' || typeof key === 'number') && Object.prototype.hasOwnProperty.call(result, key)) {
            map.set(String(key), items[i + 1] as number);
          }
        }
      }
      lines.set(result, map);
    }
    items.length = start;
    items.push(result, line);
    if (starts.length === 0) rootLine = line;
  };
  let value: unknown;
  try {
    value = jsyaml.load(text, { listener, json: true, maxDepth: MAX_DEPTH } as jsyaml.LoadOptions);
  } catch (e) {
    throw toSyntaxError(e, offset);
  }
  return { value, lines, rootLine };
}

function lineFinder(value: unknown, lines: LineMaps, rootLine: number, offset: number): (path: FieldPath) => number {
  return (path) => {
    let node: any = value;
    let line = rootLine;
    for (const step of path) {
      if (node === null || typeof node !== 'object') break;
      const map = lines.get(node);
      const found = map?.get(typeof step === 'number' && !Array.isArray(node) ? String(step) : step);
      if (found === undefined) break;
      line = found;
      node = node[step as any];
    }
    return line + offset + 1;
  };
}

function loadWithJsYaml(chunk: Chunk, index: number): LoadedDocument {
  const { value, lines, rootLine } = parseWithLines(chunk.text, chunk.startLine);
  const lineOf = lineFinder(value, lines, rootLine, chunk.startLine);
  return { index, line: lineOf([]), value: value ?? null, lineOf };
}

function loadWithYaml(chunk: Chunk, index: number): LoadedDocument {
  const counter = new LineCounter();
  const doc = parseDocument(chunk.text, { lineCounter: counter, prettyErrors: false, uniqueKeys: false });
  const error = doc.errors[0];
  if (error) {
    const line = counter.linePos(error.pos[0]).line + chunk.startLine;
    throw new ManifestSyntaxError(firstLine(error.message), line);
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    const line = doc.contents?.range ? counter.linePos(doc.contents.range[0]).line + chunk.startLine : undefined;
    throw new ManifestSyntaxError(`${firstLine((e as Error).message)} (aliases expand to more than ${MAX_ALIAS_COUNT} nodes)`, line);
  }
  if (isCyclic(value)) {
    const line = doc.contents?.range ? counter.linePos(doc.contents.range[0]).line + chunk.startLine : undefined;
    throw new ManifestSyntaxError('an alias refers to a node that contains it (a cyclic document)', line);
  }
  const lineAt = (offset: number): number => counter.linePos(offset).line + chunk.startLine;
  const rootLine = doc.contents?.range ? lineAt(doc.contents.range[0]) : chunk.startLine + 1;
  const lineOf = (path: FieldPath): number => {
    for (let n = path.length; n > 0; n--) {
      const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
      if (node && typeof node === 'object' && node.range) return lineAt(node.range[0]);
    }
    return rootLine;
  };
  return { index, line: rootLine, value: value ?? null, lineOf };
}

/** True when an object graph built from aliases contains itself. */
function isCyclic(root: unknown): boolean {
  const open = new Set<object>();
  const done = new Set<object>();
  const visit = (node: unknown): boolean => {
    if (node === null || typeof node !== 'object' || done.has(node)) return false;
    if (open.has(node)) return true;
    open.add(node);
    for (const child of Object.values(node)) if (visit(child)) return true;
    open.delete(node);
    done.add(node);
    return false;
  };
  return visit(root);
}

function loadJson(text: string): LoadedDocument {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // Let the YAML parser (JSON is YAML) find the line of the error.
    value = parseWithLines(text, 0).value;
  }
  let finder: ((path: FieldPath) => number) | undefined;
  const lineOf = (path: FieldPath): number => {
    if (!finder) {
      try {
        const parsed = parseWithLines(text, 0);
        finder = lineFinder(parsed.value, parsed.lines, parsed.rootLine, 0);
      } catch {
        finder = () => 1;
      }
    }
    return finder(path);
  };
  return { index: 0, line: firstContentLine(text), value: value ?? null, lineOf };
}

function firstContentLine(text: string): number {
  const m = /\S/.exec(text);
  return m ? text.slice(0, m.index).split('\n').length : 1;
}

/** A parser's error as a ManifestSyntaxError with the 1-based line in the file. */
function toSyntaxError(e: unknown, offset: number): ManifestSyntaxError {
  if (e instanceof jsyaml.YAMLException) {
    return new ManifestSyntaxError(firstLine(e.reason || e.message), e.mark ? e.mark.line + offset + 1 : undefined);
  }
  if (e instanceof RangeError) {
    return new ManifestSyntaxError('document is nested too deeply');
  }
  return new ManifestSyntaxError(firstLine((e as Error)?.message ?? String(e)));
}

function firstLine(s: string): string {
  return s.split('\n')[0].trim();
}
