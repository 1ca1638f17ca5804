import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli, type CliIo } from '../../lib/cli/main';
import { hardenedPodYaml } from '../helpers';

interface Run { status: number; stdout: string; stderr: string }

async function cli(args: string[], options: { stdin?: string; isTTY?: boolean; env?: Record<string, string> } = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => { stdout += t; },
    stderr: (t) => { stderr += t; },
    readStdin: () => options.stdin ?? '',
    isTTY: options.isTTY ?? false,
    env: options.env ?? {},
  };
  const status = await runCli(args, io);
  return { status, stdout, stderr };
}

const HARDENED_POD = hardenedPodYaml('ok');
const PRIVILEGED_POD = HARDENED_POD.replace('name: ok', 'name: bad').replace('allowPrivilegeEscalation: false', 'allowPrivilegeEscalation: false\n        privileged: true');

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubeward-cli-'));
  fs.mkdirSync(path.join(dir, 'good', 'nested'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'good', 'nested', 'pod.yaml'), HARDENED_POD);
  fs.writeFileSync(path.join(dir, 'good', 'README.md'), '# not a manifest');
  // Tool files beside manifests are passed over in a directory walk (cdk8s writes this one).
  fs.writeFileSync(path.join(dir, 'good', 'construct-metadata.json'), '{"version":"1.0.0","resources":{}}');
  fs.writeFileSync(path.join(dir, 'good', 'nested', 'values.yaml'), 'replicaCount: 2\n');
  fs.writeFileSync(path.join(dir, 'bad.yaml'), PRIVILEGED_POD);
  fs.writeFileSync(path.join(dir, 'broken.yaml'), 'apiVersion: v1\nkind: Pod\nspec: [\n');
  fs.writeFileSync(path.join(dir, 'values.yaml'), 'replicaCount: 2\n');
  fs.writeFileSync(path.join(dir, 'garbage.yaml'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01, 0xff, 0xfe, 0x00]));
  fs.mkdirSync(path.join(dir, 'empty'));
  const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 9; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
  fs.writeFileSync(path.join(dir, 'laughs.yaml'), levels.join('\n'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('kubeward audit', () => {
  test('exit 0 and a text report when nothing fails; directories are walked recursively', async () => {
    const r = await cli(['audit', '--now', '2026-01-01', path.join(dir, 'good')]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/1 resource, 1 finding \(0 failing/);
    expect(r.stdout).toContain('namespace.unverified');
  });

  test('exit 1 on an error finding; --fail-on none reports but does not fail', async () => {
    const bad = path.join(dir, 'bad.yaml');
    const r = await cli(['audit', '--now', '2026-01-01', bad]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('pss.privileged');
    expect(r.stdout).toContain(`${bad}:`);
    expect((await cli(['audit', '--fail-on', 'none', bad])).status).toBe(0);
  });

  test('--fail-on warning fails on warnings', async () => {
    const withWarning = path.join(dir, 'warn.yaml');
    fs.writeFileSync(withWarning, HARDENED_POD.replace(/@sha256:a+/, ':1.0.0'));
    expect((await cli(['audit', withWarning])).status).toBe(0);
    expect((await cli(['audit', '--fail-on', 'warning', withWarning])).status).toBe(1);
  });

  test('--format json follows the contract, with file joined from the path as given', async () => {
    const r = await cli(['audit', '--format', 'json', '--now', '2026-01-01', dir + path.sep + 'good', path.join(dir, 'bad.yaml')]);
    const report = JSON.parse(r.stdout);
    expect(Object.keys(report).slice(0, 3)).toEqual(['version', 'summary', 'findings']);
    expect(report.version).toBe(1);
    expect(Object.keys(report.summary)).toEqual(['resources', 'findings', 'failing', 'suppressed']);
    expect(report.summary.resources).toBe(2);
    const f = report.findings.find((x: any) => x.ruleId === 'pss.privileged');
    expect(Object.keys(f)).toEqual(['ruleId', 'severity', 'message', 'file', 'line', 'documentIndex', 'apiVersion', 'kind', 'namespace', 'name', 'field', 'remediation', 'references', 'suppression']);
    expect(f).toMatchObject({ file: path.join(dir, 'bad.yaml'), line: 22, documentIndex: 0, kind: 'Pod', name: 'bad', namespace: null, suppression: null });
  });

  test('--format sarif prints a SARIF 2.1.0 log; --output writes it to a file', async () => {
    const out = path.join(dir, 'report.sarif');
    const r = await cli(['audit', '--format', 'sarif', '--output', out, path.join(dir, 'bad.yaml')]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    const log = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    expect(log.runs[0].results.some((x: any) => x.ruleId === 'pss.privileged')).toBe(true);
  });

  test('- reads standard input', async () => {
    const r = await cli(['audit', '--format', 'json', '-'], { stdin: PRIVILEGED_POD });
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).findings[0].file).toBe('-');
  });

  test('colour only on a terminal, and never with NO_COLOR', async () => {
    const bad = path.join(dir, 'bad.yaml');
    expect((await cli(['audit', bad], { isTTY: true })).stdout).toContain('\u001b[');
    expect((await cli(['audit', bad], { isTTY: false })).stdout).not.toContain('\u001b[');
    expect((await cli(['audit', bad], { isTTY: true, env: { NO_COLOR: '1' } })).stdout).not.toContain('\u001b[');
  });

  describe('bad input: exit 2, one line naming the file, no stack trace; valid files still audited', () => {
    const cases: [string, () => string, RegExp][] = [
      ['a path that does not exist', () => path.join(dir, 'missing.yaml'), /missing\.yaml: no such file or directory/],
      ['a directory with no manifests', () => path.join(dir, 'empty'), /empty: no manifests/],
      ['invalid YAML (with its line)', () => path.join(dir, 'broken.yaml'), /broken\.yaml:\d+: YAML syntax error/],
      ['a document with no kind/apiVersion', () => path.join(dir, 'values.yaml'), /values\.yaml:1: document 1 has no apiVersion or kind/],
      ['binary garbage', () => path.join(dir, 'garbage.yaml'), /garbage\.yaml: binary content/],
      ['a YAML alias bomb', () => path.join(dir, 'laughs.yaml'), /laughs\.yaml:\d+: YAML syntax error: .*alias/i],
    ];
    test.each(cases)('%s', async (_name, input, message) => {
      const r = await cli(['audit', '--format', 'json', input(), path.join(dir, 'bad.yaml')]);
      expect(r.status).toBe(2);
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^kubeward: /);
      expect(lines[0]).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      // The valid file given in the same call is still audited and reported.
      expect(JSON.parse(r.stdout).findings.some((f: any) => f.ruleId === 'pss.privileged')).toBe(true);
    });

    test('a 50 MB file is refused without reading it', async () => {
      const big = path.join(dir, 'big.yaml');
      const fd = fs.openSync(big, 'w');
      fs.ftruncateSync(fd, 50 * 1024 * 1024);
      fs.closeSync(fd);
      const r = await cli(['audit', big, path.join(dir, 'bad.yaml')]);
      expect(r.status).toBe(2);
      expect(r.stderr.trim()).toMatch(/^kubeward: .*big\.yaml: file is 50 MiB, over the 16 MiB limit/);
      fs.rmSync(big);
    });
  });

  describe('usage errors exit 2', () => {
    test.each([
      [['audit', '--standard', 'nsa', 'x.yaml'], /standard/],
      [['audit', '--format', 'xml', 'x.yaml'], /format/],
      [['audit', '--fail-on', 'critical', 'x.yaml'], /fail-on/],
      [['audit', '--bogus', 'x.yaml'], /unknown option/],
      [['audit'], /missing required argument/],
      [['audit', '--now', '31/12/2026', 'x.yaml'], /--now must be a date/],
      [['audit', '--max-file-size', '-3', 'x.yaml'], /--max-file-size/],
      [['frobnicate'], /unknown command/],
      [[], /Usage/],
    ])('%j', async (args, message) => {
      const r = await cli(args as string[]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(message);
    });

    test('--help and --version exit 0', async () => {
      expect((await cli(['--help'])).status).toBe(0);
      expect((await cli(['audit', '--help'])).stdout).toMatch(/--standard/);
      expect((await cli(['--version'])).stdout).toMatch(/\d+\.\d+\.\d+/);
    });
  });
});
