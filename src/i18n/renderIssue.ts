/**
 * Problems as text: the one function that turns a problem (code, variant, vars) into a sentence in
 * the reader's language, for the editor and the CLI alike. References inside the vars (a node
 * type's title, a port's label, a shape) are rendered here too, so nothing English is baked in.
 */
import { getNodeDefinition } from '../../nodes/index';
import type { IssueRef, IssueText, IssueVar, IssueVars } from '../graph/issues';
import type { Shape } from '../graph/types';
import { type DictionaryKey, en } from './en';
import { formatCount, type Language, localized, translate } from './index';
import { type IssueTextKey, type IssueTexts, issueTextsEn } from './issues.en';
import { issueTextsJa } from './issues.ja';

const ISSUE_TEXTS: Record<Language, IssueTexts> = { en: issueTextsEn, ja: issueTextsJa };

function isTextKey(key: string): key is IssueTextKey {
  return Object.hasOwn(issueTextsEn, key);
}

function isDictionaryKey(key: string): key is DictionaryKey {
  return Object.hasOwn(en, key);
}

/** The dictionary key of a problem's sentence: `CODE.variant` when that exists, else the code's own. */
export function issueTextKey(issue: Pick<IssueText, 'code' | 'variant'>): IssueTextKey {
  const specific = issue.variant === undefined ? undefined : `${issue.code}.${issue.variant}`;
  return specific !== undefined && isTextKey(specific) ? specific : issue.code;
}

/** A shape in words: [batch, 28, 28, 1], with the batch axis named in the reader's language. */
export function formatShape(shape: Shape, language: Language): string {
  if (shape.length === 0) return ISSUE_TEXTS[language]['phrase.scalar'];
  const batch = ISSUE_TEXTS[language]['phrase.batch'];
  return `[${shape.map((dim, axis) => (dim === null ? (axis === 0 ? batch : '?') : String(dim))).join(', ')}]`;
}

function portLabel(type: string, port: string, language: Language): string {
  const definition = getNodeDefinition(type);
  const spec = definition?.inputs.find((each) => each.name === port) ?? definition?.outputs.find((each) => each.name === port);
  return spec ? localized(spec.label, language) : port;
}

function renderRef(ref: IssueRef, vars: IssueVars, language: Language): string {
  switch (ref.ref) {
    case 'nodeType': {
      const definition = getNodeDefinition(ref.type);
      return definition ? localized(definition.title, language) : ref.type;
    }
    case 'port':
      return portLabel(ref.type, ref.port, language);
    case 'kind': {
      const key = `kind.${ref.kind}`;
      return isDictionaryKey(key) ? translate(language, key) : ref.kind;
    }
    case 'shape':
      return formatShape(ref.shape, language);
    case 'paramReason': {
      const key = `param.${ref.reason}`;
      const flat: Record<string, string | number> = {};
      for (const [name, value] of Object.entries(vars)) if (typeof value !== 'object') flat[name] = value;
      return isDictionaryKey(key) ? translate(language, key, flat) : ref.reason;
    }
    case 'phrase': {
      const key = `phrase.${ref.phrase}`;
      return isTextKey(key) ? ISSUE_TEXTS[language][key] : ref.phrase;
    }
    case 'list':
      return ref.items.map(String).join(language === 'ja' ? '、' : ', ');
  }
}

function renderVar(value: IssueVar, vars: IssueVars, language: Language): string {
  if (typeof value === 'number') return Number.isInteger(value) && Math.abs(value) >= 10_000 ? formatCount(value, language) : String(value);
  if (typeof value === 'string') return value;
  return renderRef(value, vars, language);
}

/** The problem as one sentence in `language`. A placeholder without a value stays visible as `{name}`. */
export function renderIssue(issue: Pick<IssueText, 'code' | 'variant' | 'vars'>, language: Language): string {
  const template = ISSUE_TEXTS[language][issueTextKey(issue)];
  const vars = issue.vars ?? {};
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = Object.hasOwn(vars, name) ? vars[name] : undefined;
    return value === undefined ? whole : renderVar(value, vars, language);
  });
}
