/** Problems as CLI lines, in the language the command line asked for (`--lang en|ja`). */
import type { Issue } from '../graph/issues';
import { isLanguage, type Language, translate } from '../i18n/index';
import { renderIssue } from '../i18n/renderIssue';

/** The value of `--lang`: a language, or the complaint about the value. */
export function parseLanguage(value: string | undefined): Language | string {
  if (isLanguage(value)) return value;
  return `--lang must be en or ja${value === undefined ? '' : `, got "${value}"`}`;
}

/** Where a problem is, e.g. "[node conv1, port in] "; empty when it is about the whole graph. */
function issuePlace(issue: Issue, language: Language): string {
  const parts = (['node', 'edge', 'port', 'param'] as const).flatMap((where) => {
    const id = where === 'node' ? issue.nodeId : where === 'edge' ? issue.edgeId : issue[where];
    return id === undefined ? [] : [translate(language, `cli.where.${where}`, { id })];
  });
  return parts.length > 0 ? `[${parts.join(', ')}] ` : '';
}

/** One problem as a line: severity, code, place, sentence. */
export function issueLine(issue: Issue, language: Language): string {
  const severity = translate(language, issue.severity === 'error' ? 'cli.severity.error' : 'cli.severity.warning');
  return `${severity.padEnd(7)}  ${issue.code}  ${issuePlace(issue, language)}${renderIssue(issue, language)}`;
}
