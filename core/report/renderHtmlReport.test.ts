import { describe, expect, it } from 'vitest';
import type { Analysis, Decision } from '../analysis.js';
import { buildReport } from './buildReport.js';
import { HTML_REPORT_CSP, readableJson, renderHtmlReport } from './renderHtmlReport.js';

const script = 'Sub Main()\r\n  ThisForm.Refresh()\r\nEnd Sub\r\n';

function decision(id: string, action: Decision['action'], reason: string, values: Partial<Decision> = {}): Decision {
  return { id, action, reason, customized: null, targetBase: null, sourceBase: null, result: null, ...values };
}

const analysis: Analysis = {
  decisions: [
    decision('form:Customers@vendor', 'replaced-base', 'source base replaces target base'),
    decision('form:Customers@site/attributes/caption', 'kept-customization', 'vendor did not change caption; customization kept', {
      customized: 'Customers (ACME)',
      targetBase: 'Customers',
      sourceBase: 'Customers',
      result: 'Customers (ACME)',
    }),
    decision('form:Customers@site/script', 'took-source', 'not customized; source base taken', {
      customized: script,
      targetBase: script,
      sourceBase: script + "' new\r\n",
      result: script + "' new\r\n",
    }),
    decision('global:scripts/CustUtils@site', 'kept-customization', 'vendor did not change the object'),
    decision('explorer@vendor', 'replaced-base', 'Master Explorer replaced'),
    decision('runtime:Customers@user:B_Smith', 'removed', 'runtime changes removed'),
  ],
  prompts: [
    { id: 'form:Customers@site/components/ShipVia', question: 'Keep ShipVia?', choices: ['keep', 'remove'], answer: 'keep', customized: { type: 'ComboBox', readOnly: true }, targetBase: { type: 'ComboBox' }, sourceBase: null },
    { id: 'form:Items@group:Sales/script', question: 'Both changed the script.', choices: ['keep', 'replace', 'edit'], answer: null, customized: 'a\nb\n', targetBase: 'a\n', sourceBase: 'c\n', textMerge: { clean: false, text: '<<<<<<< customized\nb\n=======\nc\n>>>>>>> source base\n', conflicts: 1 } },
  ],
  warnings: [
    { code: 'broken-link', message: 'link to form Old', file: 'site/explorer.json', id: 'explorer@vendor' },
    { code: 'logical-duplicate', message: 'A and B bound alike', file: 'site/forms/Customers.json' },
    { code: 'broken-link', message: 'link to form Older', file: 'users/J_Doe/explorer.json' },
  ],
  refused: [],
  answerProblems: [],
  summary: { decisions: 6, prompts: 2, answered: 1, unanswered: 1, warnings: 3 },
  plan: null,
};
const html = renderHtmlReport(buildReport(analysis, { source: 'release-10.2', target: 'acme', command: 'analyze', generatedBy: 'carryover 0.1.0' }));

/** Every start tag of a page, as [name, attribute names]; a scan good enough for the pages we write. */
function startTags(page: string): [string, string[]][] {
  const tags: [string, string[]][] = [];
  for (const match of page.matchAll(/<([a-zA-Z][a-zA-Z0-9]*)((?:\s+[^\s=>]+(?:="[^"]*")?)*)\s*>/g)) {
    tags.push([match[1].toLowerCase(), [...match[2].matchAll(/\s+([^\s=>]+)(?:="[^"]*")?/g)].map((m) => m[1].toLowerCase())]);
  }
  return tags;
}

const TAGS = new Set('html head meta title style body header div h1 h2 h3 dl dt dd nav ul li a span main section p table colgroup col thead tbody tr th td i b code pre details summary article footer wbr'.split(' '));
const ATTRIBUTES = new Set(['lang', 'charset', 'http-equiv', 'content', 'name', 'class', 'id', 'href', 'style', 'colspan', 'role', 'aria-label', 'title']);

describe('renderHtmlReport', () => {
  it('is one page with a strict content security policy and nothing that loads or runs', () => {
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${HTML_REPORT_CSP.replace(/'/g, '&#39;')}">`);
    expect(HTML_REPORT_CSP).toMatch(/^default-src 'none'; style-src 'unsafe-inline'/);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|<object|<embed|@import|url\(|https?:/i);
    for (const [tag, attributes] of startTags(html)) {
      expect(TAGS).toContain(tag);
      for (const attribute of attributes) expect(ATTRIBUTES).toContain(attribute);
    }
    for (const [, href] of html.matchAll(/href="([^"]*)"/g)) expect(href.startsWith('#')).toBe(true);
    expect(html.endsWith('</html>\n')).toBe(true);
  });

  it('shows markup in any value, id, reason or message as text', () => {
    const evil = '</script><script>alert(1)</script><img src=x onerror="alert(2)">';
    const hostile = buildReport(
      {
        ...analysis,
        decisions: [
          decision(`form:X${evil}@site/attributes/a"b`, 'kept-customization', evil, { customized: evil, targetBase: `${evil}\n${evil}`, sourceBase: { [evil]: evil, long: 'x'.repeat(80) }, result: [evil] }),
        ],
        prompts: [
          { id: `form:Y@site/${evil}`, question: evil, choices: ['keep', 'edit'], answer: { edit: evil }, customized: evil, targetBase: evil, sourceBase: evil, textMerge: { clean: true, text: evil, conflicts: 0 } },
          { id: `form:Z@site/"><b>`, question: evil, choices: ['keep'], answer: null, customized: `${evil}\n`, targetBase: null, sourceBase: null },
        ],
        warnings: [{ code: evil, message: evil, file: evil, id: `form:X${evil}@site` }],
        refused: [{ code: evil, file: evil, pointer: evil, message: evil }],
        answerProblems: [{ code: evil, file: evil, pointer: evil, message: evil }],
      },
      { source: evil, target: evil, output: evil, generatedBy: evil, command: 'sync', options: { [evil]: evil } },
    );
    const page = renderHtmlReport(hostile);
    expect(page).not.toMatch(/<script|<img|<\/script/i);
    expect(page).toContain('&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=');
    for (const [tag, attributes] of startTags(page)) {
      expect(TAGS).toContain(tag);
      for (const attribute of attributes) expect(ATTRIBUTES).toContain(attribute);
    }
    expect(page).not.toContain('id="prompt:form:Z@site/">');
    expect(page).toContain('id="prompt:form:Z@site/&quot;&gt;&lt;b&gt;"');
  });

  it('opens with the Source, the Target and summary tiles', () => {
    expect(html).toContain('<dt>Source</dt><dd>release-10.2</dd>');
    expect(html).toContain('<dt>Target</dt><dd>acme</dd>');
    expect(html).toMatch(/<div class="tile-l">Decisions<\/div><div class="tile-v">6<\/div>/);
    expect(html).toMatch(/<div class="tile-l">Prompts answered<\/div><div class="tile-v">1<\/div><div class="tile-n">of 2 prompts/);
    expect(html).toMatch(/<div class="tile attention"><div class="tile-l">Unanswered<\/div><div class="tile-v">1<\/div>/);
    expect(html).toMatch(/<div class="tile-l">Warnings<\/div><div class="tile-v">3<\/div>/);
  });

  it('lists the objects in a table of contents by kind, linking to each version', () => {
    const toc = html.slice(html.indexOf('<nav'), html.indexOf('</nav>'));
    const order = ['Forms', 'Global objects', 'Explorer', 'Runtime changes'].map((title) => toc.indexOf(`>${title}</a>`));
    expect(order.every((at, index) => at > 0 && (index === 0 || at > order[index - 1]))).toBe(true);
    expect(toc).toContain('href="#form:Customers@site"');
    expect(toc).toContain('href="#form:Items@group:Sales" class="open"');
    expect(html).toContain('<section class="ver" id="form:Customers@site">');
  });

  it('puts each decision in its version table with a badge and the four values', () => {
    expect(html).toContain(
      '<tr><td class="path">attributes/<wbr>caption</td><td><span class="badge a-kept">Kept customization</span></td>' +
        '<td>vendor did not change caption; customization kept</td>' +
        '<td class="same">"Customers (ACME)"</td><td>"Customers"</td><td>"Customers"</td><td>"Customers (ACME)"</td></tr>',
    );
    expect(html).toContain('<details><summary>4 lines · CRLF</summary><pre>Sub Main()\r\n');
  });

  it('shows a decision about a whole version without values as one line', () => {
    expect(html).toContain('<div class="ver-line"><span class="badge a-rbase">Replaced base</span><span>source base replaces target base</span></div>');
  });

  it('highlights the answer of an answered prompt and marks an unanswered one', () => {
    const answered = html.slice(html.indexOf('id="prompt:form:Customers@site/components/ShipVia"'));
    expect(answered).toMatch(/^[^]*?Answered: Keep customization/);
    expect(answered).toMatch(/^[^]*?<span class="choice chosen">✓ Keep customization<\/span><span class="choice">Remove<\/span>/);
    expect(answered).toMatch(/^[^]*?<div class="pane chosen"><div class="pane-h">Customized<span class="pane-tag">Answer<\/span>/);
    expect(html).toContain('<article class="prompt open" id="prompt:form:Items@group:Sales/script">');
    expect(html).toContain('<span class="status open">Unanswered</span>');
    expect(html).toContain('<a href="#prompt:form:Items@group:Sales/script"><code>form:Items@group:Sales/script</code></a>');
  });

  it('highlights lines not in the target base and conflict markers', () => {
    expect(html).toContain('<span class="l a">  &quot;readOnly&quot;: true</span>');
    expect(html).toContain('<span class="l m">&lt;&lt;&lt;&lt;&lt;&lt;&lt; customized</span>');
  });

  it('groups warnings by code and links those that name a version', () => {
    const warnings = html.slice(html.indexOf('id="_warnings"'));
    expect(warnings.indexOf('broken-link')).toBeLessThan(warnings.indexOf('logical-duplicate'));
    expect(warnings).toMatch(/<span class="wcode">broken-link<\/span> <span class="count">2<\/span>/);
    expect(warnings).toContain('<a href="#explorer@vendor">explorer@vendor</a>');
  });

  it('renders the same report to the same bytes', () => {
    expect(renderHtmlReport(buildReport(analysis, { source: 'release-10.2', target: 'acme', command: 'analyze', generatedBy: 'carryover 0.1.0' }))).toBe(html);
  });

  it('renders a report of 5,000 decisions as one row each', () => {
    const decisions = Array.from({ length: 5000 }, (_, i) =>
      decision(`form:F${Math.floor(i / 50)}@user:U${i % 3}/components/C${i}/caption`, 'kept-customization', 'kept', { customized: `c${i}`, targetBase: 't', sourceBase: 't', result: `c${i}` }),
    );
    const page = renderHtmlReport(buildReport({ ...analysis, decisions, prompts: [], warnings: [] }, { source: 's', target: 't', command: 'analyze' }));
    expect(page.match(/<tr><td class="path">/g)).toHaveLength(5000);
  });
});

describe('readableJson', () => {
  it('lays out JSON with two-space indentation and a multi-line string as a block of its lines', () => {
    expect(readableJson({ name: 'U', attributes: { code: 'a\r\n  b\r\n', n: [1, null] } })).toBe(
      '{\n  "name": "U",\n  "attributes": {\n    "code": |\n      a\n        b\n    "n": [\n      1,\n      null\n    ]\n  }\n}',
    );
  });
});
