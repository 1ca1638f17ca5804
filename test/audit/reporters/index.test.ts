import { emptyReport, fullReport } from './fixtures';
import { REPORT_FORMATS, renderReport, type ReportFormat } from '../../../lib/audit/reporters/index';
import { renderJson } from '../../../lib/audit/reporters/json';
import { renderText } from '../../../lib/audit/reporters/text';

describe('renderReport', () => {
  const options = { color: false, toolVersion: '9.9.9' };

  test('dispatches to the reporter of each format', () => {
    expect(renderReport(fullReport(), 'text', options)).toBe(renderText(fullReport(), { color: false }));
    expect(renderReport(fullReport(), 'text', { ...options, color: true })).toBe(renderText(fullReport(), { color: true }));
    expect(renderReport(fullReport(), 'json', options)).toBe(renderJson(fullReport()));
    expect(JSON.parse(renderReport(fullReport(), 'sarif', options)).runs[0].tool.driver.version).toBe('9.9.9');
  });

  test('colour only reaches the text format', () => {
    for (const format of ['json', 'sarif'] as const) {
      expect(renderReport(fullReport(), format, { ...options, color: true })).toBe(renderReport(fullReport(), format, options));
      expect(renderReport(fullReport(), format, { ...options, color: true })).not.toContain('\u001b');
    }
  });

  test('every format ends with a newline', () => {
    for (const format of REPORT_FORMATS) {
      expect(renderReport(emptyReport(), format, options).endsWith('\n')).toBe(true);
    }
  });

  test('an unknown format is an error', () => {
    expect(() => renderReport(emptyReport(), 'xml' as ReportFormat, options)).toThrow(/unknown report format 'xml'/);
  });
});
