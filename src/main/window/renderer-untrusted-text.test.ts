import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Issue 9: names, subjects, notes and message bodies from the portal reach the screen as text
 * only. React escapes text; what could undo that is a raw-HTML sink, a string run as code, or a
 * URL attribute filled from data (a `javascript:` link). This scan finds them in the renderer's
 * source by its syntax tree, so a comment or a sentence naming them does not count. Any rich text
 * would have to go through the one sanitiser component named here; today there is none, so no
 * file may hold a sink.
 */
const SANITISER_FILES: readonly string[] = [];

const RAW_HTML = new Set([
  'dangerouslySetInnerHTML',
  'innerHTML',
  'outerHTML',
  'insertAdjacentHTML',
  'createContextualFragment',
  'srcdoc',
  'srcDoc',
  'setHTMLUnsafe',
  'parseHTMLUnsafe',
]);
const CODE_FROM_STRINGS = new Set(['eval', 'DOMParser']);
/** JSX attributes a browser follows or loads: a value from data could be `javascript:` or off-origin. */
const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formAction', 'xlinkHref', 'data', 'poster', 'ping']);

interface Finding {
  line: number;
  what: string;
}

function findUnsafeSinks(source: string, fileName = 'file.tsx'): Finding[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: Finding[] = [];
  const at = (node: ts.Node, what: string) =>
    found.push({ line: file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1, what });
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) {
      if (RAW_HTML.has(node.text)) at(node, node.text);
      if (CODE_FROM_STRINGS.has(node.text)) at(node, node.text);
    } else if (ts.isStringLiteralLike(node) && RAW_HTML.has(node.text) && ts.isElementAccessExpression(node.parent)) {
      at(node, `['${node.text}']`);
    } else if (ts.isJsxAttribute(node) && ts.isIdentifier(node.name)) {
      const name = node.name.text;
      if (RAW_HTML.has(name)) at(node, name);
      else if (URL_ATTRIBUTES.has(name) && node.initializer !== undefined && !ts.isStringLiteral(node.initializer)) {
        at(node, `${name}={…} from a value`);
      }
      // The attribute's own name was judged here: its identifier must not be judged again.
      if (node.initializer !== undefined) visit(node.initializer);
      return;
    } else if (ts.isPropertyAccessExpression(node) && node.expression.getText(file) === 'document') {
      if (node.name.text === 'write' || node.name.text === 'writeln') at(node, `document.${node.name.text}`);
    } else if (ts.isNewExpression(node) && node.expression.getText(file) === 'Function') {
      at(node, 'new Function');
    } else if (ts.isCallExpression(node) && ['setTimeout', 'setInterval'].includes(node.expression.getText(file))) {
      const first = node.arguments[0];
      if (first !== undefined && ts.isStringLiteralLike(first)) at(node, `${node.expression.getText(file)}(string)`);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(entry.name) && !/\.test\.(ts|tsx)$/.test(entry.name) ? [path] : [];
  });
}

describe('the renderer shows untrusted text as text', () => {
  it('has no raw-HTML sink, string-as-code or data-filled URL attribute outside the sanitiser component', () => {
    const root = join(__dirname, '../../renderer/src');
    const files = sourceFiles(root);
    expect(files.length).toBeGreaterThan(20);
    const findings = files
      .filter((path) => !SANITISER_FILES.includes(relative(root, path)))
      .flatMap((path) =>
        findUnsafeSinks(readFileSync(path, 'utf8'), path).map((f) => `${relative(root, path)}:${f.line} ${f.what}`),
      );
    expect(findings).toEqual([]);
  });

  it('finds each kind of sink, and ignores the words in comments and text', () => {
    const found = (source: string) => findUnsafeSinks(source).map((f) => f.what);
    expect(found('const a = <div dangerouslySetInnerHTML={{ __html: body }} />;')).toEqual(['dangerouslySetInnerHTML']);
    expect(found('el.innerHTML = body;')).toEqual(['innerHTML']);
    expect(found("el['outerHTML'] = body;")).toEqual(["['outerHTML']"]);
    expect(found("el.insertAdjacentHTML('beforeend', body);")).toEqual(['insertAdjacentHTML']);
    expect(found('document.write(body);')).toEqual(['document.write']);
    expect(found('const doc = new DOMParser().parseFromString(body, "text/html");')).toEqual(['DOMParser']);
    expect(found('eval(code);')).toEqual(['eval']);
    expect(found('const f = new Function(code);')).toEqual(['new Function']);
    expect(found('setTimeout("run()", 10);')).toEqual(['setTimeout(string)']);
    expect(found('const a = <a href={link}>x</a>;')).toEqual(['href={…} from a value']);
    expect(found('const a = <iframe srcDoc={body} />;')).toEqual(['srcDoc']);
    // A fixed URL is the developer's, not the portal's; words in comments and text are not code.
    expect(found('const a = <a href="#main">Skip</a>;')).toEqual([]);
    expect(found('// never innerHTML or eval here\nconst s = "dangerouslySetInnerHTML";')).toEqual([]);
    expect(found('const a = <p>{body}</p>;')).toEqual([]);
  });
});
