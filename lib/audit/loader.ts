import * as jsyaml from 'js-yaml';
import { isAlias, isMap, isNode, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
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

/**
 * The YAML 1.2 core schema plus merge keys (`<<`), as Kubernetes reads manifests: dates stay
 * strings (an unquoted `2026-12-31` annotation value is the string, not a Date), and no
 * `!!binary`, `!!set` or `!!omap`.
 */
const KUBERNETES_SCHEMA = jsyaml.CORE_SCHEMA.extend([
  // js-yaml exports its built-in types at run time; @types/js-yaml does not declare them.
  (jsyaml as unknown as { types: { merge: jsyaml.Type } }).types.merge,
]);

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
    const aliased = chunk.text.includes('*') && USES_ALIAS.test(chunk.text);
    out.push(aliased ? loadWithYaml(chunk, out.length) : loadWithJsYaml(chunk, out.length));
  }
  return out;
}

/** A document's text and the 0-based line of the file it starts at. */
interface Chunk {
  readonly text: string;
  readonly startLine: number;
}

const DIRECTIVE = /^%/;
const BLANK_OR_COMMENT = /^[ \t]*(#.*)?$/;

/**
 * An alias (`*name`) where a node may start: at the start of a line, after `: `, `- ` or `? `,
 * or after `[`, `{` or `,`. A conservative test (it may match inside a quoted string); a false
 * positive only sends the document down the careful path. A quoted cron schedule (a string that
 * starts with an asterisk) does not match.
 */
const USES_ALIAS = /(?:^[ \t]*|[:?-][ \t]+|[[{,][ \t]*)\*[^\s,[\]{}]/m;

/**
 * Cuts a YAML stream into documents. A document starts at a `---` line (kept in its text, so
 * content after the marker stays where it is) and ends before the next `---` or after `...`.
 * Text before the first marker is a document only if it holds content; directives (`%YAML`)
 * belong to the document that follows them.
 */
function splitDocuments(text: string): Chunk[] {
  const chunks: Chunk[] = [];
  let start = 0; // offset where the current chunk starts
  let startLine = 0; // its 0-based line
  let explicit = false; // the current chunk began with `---`
  // Lines are counted incrementally, so the whole split is one pass over the text.
  let counted = 0;
  let countedLines = 0;
  const lineAt = (offset: number): number => {
    for (let nl = text.indexOf('\n', counted); nl >= 0 && nl < offset; nl = text.indexOf('\n', counted)) {
      countedLines++;
      counted = nl + 1;
    }
    return countedLines;
  };
  const flush = (end: number): void => {
    const body = text.slice(start, end);
    if (explicit || HAS_CONTENT.test(body)) chunks.push({ text: body, startLine });
  };
  for (const match of text.matchAll(MARKER)) {
    if (match[1] === '---') {
      const begin = directivesBefore(text, start, match.index);
      flush(begin);
      start = begin;
      startLine = lineAt(begin);
      explicit = true;
    } else {
      const newline = text.indexOf('\n', match.index);
      const end = newline < 0 ? text.length : newline + 1;
      flush(end);
      start = end;
      startLine = lineAt(end);
      explicit = false;
    }
  }
  if (start < text.length) flush(text.length);
  return chunks;
}

/** A `---` or `...` marker line. */
const MARKER = /^(---|\.\.\.)(?=[ \t\r\n]|$)/gm;

/** A line with content: not blank, not a comment, not a directive. */
const HAS_CONTENT = /^(?:[ \t]+[^ \t\r\n#]|[^ \t\r\n#%])/m;

/**
 * Where the document that starts with the `---` at `marker` really begins: directives (`%YAML`)
 * right before the marker, with the comments and blank lines among them, belong to it.
 */
function directivesBefore(text: string, chunkStart: number, marker: number): number {
  const before = text.slice(chunkStart, marker);
  if (!before.startsWith('%') && !before.includes('\n%')) return marker;
  let begin = marker;
  while (begin > chunkStart) {
    const lineStart = text.lastIndexOf('\n', begin - 2) + 1;
    const line = text.slice(Math.max(lineStart, chunkStart), begin);
    if (!DIRECTIVE.test(line) && !BLANK_OR_COMMENT.test(line.replace(/\r?\n$/, ''))) break;
    begin = Math.max(lineStart, chunkStart);
  }
  return begin;
}

/**
 * Line maps: for each parsed mapping or sequence, the 0-based line at which each child node
 * opened, in parse order: key, value, key, value… for a mapping; one per item for a sequence.
 * They live in one flat array per document (`log`): at `offsets.get(node)` stands the count of
 * the node's children, then their lines. Numbers only (no keys, no array or Map per object)
 * keeps the listener cheap; keys are matched to lines at lookup time, only for the fields a
 * finding points at.
 */
interface LineMaps {
  readonly offsets: Map<object, number>;
  readonly log: number[];
}

/** Parses with js-yaml, recording lines through its event listener. */
function parseWithLines(text: string, offset: number): { value: unknown; lines: LineMaps; rootLine: number } {
  const offsets = new Map<object, number>();
  const log: number[] = [];
  // A flat stack of the open lines of the children of the nodes still open (`top` is its size:
  // moving an index is cheaper than truncating the array).
  const childLines: number[] = [];
  let top = 0;
  const starts: number[] = [];
  let rootLine = -1;
  const listener = (event: string, state: any): void => {
    if (event === 'open') {
      if (rootLine < 0) rootLine = state.line;
      childLines[top++] = state.line;
      starts.push(top);
      return;
    }
    const start = starts.pop()!;
    const result = state.result;
    if (top > start && result !== null && typeof result === 'object' && !offsets.has(result)) {
      offsets.set(result, log.length);
      log.push(top - start);
      for (let i = start; i < top; i++) log.push(childLines[i]);
    }
    top = start;
  };
  let value: unknown;
  try {
    value = jsyaml.load(text, { listener, json: true, maxDepth: MAX_DEPTH, schema: KUBERNETES_SCHEMA } as jsyaml.LoadOptions);
  } catch (e) {
    throw toSyntaxError(e, offset);
  }
  return { value, lines: { offsets, log }, rootLine: Math.max(rootLine, 0) };
}

const INTEGER_KEY = /^(?:0|[1-9]\d*)$/;

function lineFinder(value: unknown, lines: LineMaps, rootLine: number, offset: number): (path: FieldPath) => number {
  const { offsets, log } = lines;
  // A mapping's keys are matched to lines by position, which is exact when the object's key
  // order is the parse order: not when a key looks like an integer (JavaScript lists those
  // first) or a key was repeated (the children outnumber the keys); then the line map says
  // nothing for that object. A failed look-ahead for one more key or item may leave one
  // trailing child, which is allowed. Findings of one document point into the same few
  // objects, so each object's keys are resolved once.
  const keyLines = new Map<object, Map<string, number> | null>();
  const lineOfChild = (node: any, step: string | number): number | undefined => {
    const at = offsets.get(node);
    if (at === undefined) return undefined;
    const count = log[at];
    if (Array.isArray(node)) {
      return typeof step === 'number' && step < node.length && count >= node.length ? log[at + 1 + step] : undefined;
    }
    let byKey = keyLines.get(node);
    if (byKey === undefined) {
      const keys = Object.keys(node);
      byKey = null;
      if (Math.floor(count / 2) === keys.length && !keys.some((k) => INTEGER_KEY.test(k))) {
        byKey = new Map();
        for (let i = 0; i < keys.length; i++) byKey.set(keys[i], log[at + 1 + i * 2]);
      }
      keyLines.set(node, byKey);
    }
    return byKey?.get(String(step));
  };
  return (path) => {
    let node: any = value;
    let line = rootLine;
    for (const step of path) {
      if (node === null || typeof node !== 'object') break;
      const found = lineOfChild(node, step);
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
  const doc = parseDocument(chunk.text, { lineCounter: counter, prettyErrors: false, uniqueKeys: false, merge: true });
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
  // Walk the node tree as the js-yaml path does: a mapping entry is located at its key.
  const lineOf = (path: FieldPath): number => {
    let node: unknown = doc.contents;
    let line = rootLine;
    for (const step of path) {
      if (isAlias(node)) node = node.resolve(doc);
      if (isMap(node)) {
        const pair = node.items.find((p) => String(isScalar(p.key) ? p.key.value : p.key) === String(step));
        const range = pair && (isNode(pair.key) ? pair.key.range : undefined);
        if (!pair || !range) break;
        line = lineAt(range[0]);
        node = pair.value;
      } else if (isSeq(node) && typeof step === 'number') {
        const item = node.items[step];
        if (!isNode(item) || !item.range) break;
        line = lineAt(item.range[0]);
        node = item;
      } else {
        break;
      }
    }
    return line;
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
