/**
 * The one way a list of problems is drawn: the inspector (node and graph), the top bar's list, the
 * file-load error panel and a failed compile in the training panel. Each row shows the code, the
 * node when asked, and the sentence rendered in the current language.
 */
import type { Issue } from '../graph/issues';
import { renderIssue } from '../i18n/renderIssue';
import { useKairo } from '../store/index';

interface ProblemListProps {
  issues: readonly Issue[];
  /** data-testid of the list; rows get `${testId}-item`. */
  testId: string;
  /** Show the id of the node each problem is on. */
  showNode?: boolean;
  /** Makes each row a button (e.g. to select the node the problem is on). */
  onSelect?: (issue: Issue) => void;
  className?: string;
}

function ProblemRow({ issue, showNode, language }: { issue: Issue; showNode: boolean; language: 'en' | 'ja' }) {
  return (
    <>
      <code className="issue-code">{issue.code}</code>
      {showNode && issue.nodeId !== undefined ? <span className="issue-node">{issue.nodeId}</span> : null}
      <span className="issue-text" data-issue-code={issue.code}>
        {renderIssue(issue, language)}
      </span>
    </>
  );
}

export function ProblemList({ issues, testId, showNode = false, onSelect, className }: ProblemListProps) {
  const language = useKairo((state) => state.language);
  if (issues.length === 0) return null;
  return (
    <ul className={`issue-list${className ? ` ${className}` : ''}`} data-testid={testId}>
      {issues.map((issue, index) =>
        onSelect ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: issues have no id; the list is rebuilt whole.
          <li key={index} data-testid={`${testId}-item`}>
            <button type="button" className={`issue issue--${issue.severity}`} onClick={() => onSelect(issue)}>
              <ProblemRow issue={issue} showNode={showNode} language={language} />
            </button>
          </li>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: issues have no id; the list is rebuilt whole.
          <li key={index} className={`issue issue--${issue.severity}`} data-testid={`${testId}-item`}>
            <ProblemRow issue={issue} showNode={showNode} language={language} />
          </li>
        ),
      )}
    </ul>
  );
}
