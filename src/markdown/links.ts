import { fromHtml } from 'hast-util-from-html';
import { useFullParsers } from './link-scan.js';
import { parseMarkdown } from './parse.js';

// Links and heading anchors of Markdown bodies, with remark and the HTML parser loaded: every
// function of link-scan.ts works synchronously for whoever imports this module.
useFullParsers({ parseMarkdown, fromHtml: (html, options) => fromHtml(html, options) });

export * from './link-scan.js';
