import type { AuditReport } from '../report';
import { renderJson } from './json';
import { renderSarif } from './sarif';
import { renderText } from './text';

export * from './json';
export * from './sarif';
export * from './text';

/** The report formats of `kubeward audit --format`. */
export type ReportFormat = 'text' | 'json' | 'sarif';

/** The report formats, in the order the CLI help lists them. */
export const REPORT_FORMATS: readonly ReportFormat[] = ['text', 'json', 'sarif'];

/** Options of {@link renderReport}. */
export interface RenderOptions {
  /** ANSI colour in the text format (the CLI passes `process.stdout.isTTY && !NO_COLOR`). Ignored by json and sarif. */
  readonly color: boolean;
  /** The kubeward version, written to the SARIF `tool.driver.version`. Ignored by text and json. */
  readonly toolVersion: string;
}

/** Renders an audit report in one of the three formats; the result ends with a newline. */
export function renderReport(report: AuditReport, format: ReportFormat, options: RenderOptions): string {
  switch (format) {
    case 'text':
      return renderText(report, { color: options.color });
    case 'json':
      return renderJson(report);
    case 'sarif':
      return renderSarif(report, { toolVersion: options.toolVersion });
    default:
      throw new Error(`unknown report format '${String(format)}': expected one of ${REPORT_FORMATS.join(', ')}`);
  }
}
