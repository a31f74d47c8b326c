import { getContrast, mix, toHex } from 'color2k';
import { sha256Hex } from '../kit/crypto.ts';

/** The portal's one stylesheet: served from /p/assets, so the CSP needs no inline style. */
export const PORTAL_CSS = `
:root{--accent:#3d4eac;--on-accent:#fff;--link:#3d4eac;--bg:#fff;--fg:#1a1a1a;--muted:#5c5c66;--line:#d9d9e0;--card:#f7f7fa;--bad:#b3261e;--good:#1e6b3a;color-scheme:light dark}
@media (prefers-color-scheme:dark){:root{--link:#aab6ff;--bg:#15151a;--fg:#ececf1;--muted:#a9a9b6;--line:#3a3a45;--card:#1f1f27;--bad:#ff8a80;--good:#7fd69b}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,sans-serif}
.wrap{max-width:48rem;margin:0 auto;padding:1rem}
header.top{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;justify-content:space-between;border-bottom:3px solid var(--accent);padding-bottom:.75rem}
header.top img{max-height:2.5rem;max-width:10rem}
.brand{display:flex;gap:.75rem;align-items:center}
.brand p{margin:0;color:var(--muted)}
nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:.25rem 1rem;padding:0;margin:1rem 0}
a{color:var(--link)}
a:focus-visible,button:focus-visible,.scroll:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible{outline:3px solid var(--link);outline-offset:2px}
nav a[aria-current=page]{font-weight:700}
h1{font-size:1.5rem;margin:1rem 0}
h2{font-size:1.2rem;margin:1.25rem 0 .5rem}
.card{background:var(--card);border:1px solid var(--line);border-radius:.5rem;padding:1rem;margin:.75rem 0}
.card h2,.card h3{margin-top:0}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:.5rem 0}
dt{color:var(--muted)}
dd{margin:0}
.actions{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin-top:.75rem}
.actions form{margin:0}
button,.button{display:inline-block;font:inherit;padding:.5rem 1rem;border-radius:.4rem;border:1px solid var(--accent);background:var(--accent);color:var(--on-accent);text-decoration:none;cursor:pointer}
button.secondary,.button.secondary{background:transparent;color:var(--link);border-color:var(--link)}
button.link{background:none;border:0;padding:0;color:var(--link);text-decoration:underline}
header.top form{margin:0}
button.danger{background:var(--bad);border-color:var(--bad);color:#fff}
@media (prefers-color-scheme:dark){button.danger{color:var(--bg)}}
.alert{border-inline-start:4px solid var(--bad);background:var(--card);padding:.75rem 1rem;margin:1rem 0}
.field-error{color:var(--bad);font-weight:600;margin:.25rem 0 0}
input[aria-invalid=true]{border:2px solid var(--bad)}
.notice{border-inline-start:4px solid var(--good);background:var(--card);padding:.75rem 1rem;margin:1rem 0}
.badge{display:inline-block;padding:0 .5rem;border-radius:1rem;border:1px solid var(--line);font-size:.875rem}
label{display:block;margin:.5rem 0 .2rem;font-weight:600}
fieldset{border:1px solid var(--line);border-radius:.5rem;margin:.75rem 0;padding:.5rem 1rem}
legend{font-weight:600;padding:0 .25rem}
fieldset label{font-weight:400;display:flex;gap:.5rem;align-items:center}
input,select,textarea{font:inherit;color:inherit;background:var(--bg);border:1px solid var(--muted);border-radius:.3rem;padding:.4rem;width:100%;max-width:24rem}
input[type=radio],input[type=checkbox]{width:auto}
table{border-collapse:collapse;width:100%}
caption{text-align:start;font-weight:600;padding-bottom:.25rem}
th,td{padding:.4rem .5rem;border-bottom:1px solid var(--line);text-align:start;vertical-align:top}
.num{text-align:end;white-space:nowrap}
.scroll{overflow-x:auto;position:relative}
.muted{color:var(--muted)}
.plain{list-style:none;padding:0;margin:0}
.due{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:center;gap:.5rem;padding:.25rem 0}
footer{margin-top:2rem;border-top:1px solid var(--line);padding-top:.75rem;color:var(--muted);display:flex;gap:1rem;flex-wrap:wrap}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (max-width:36rem){table.stack thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}table.stack tr{display:block;border-bottom:1px solid var(--line);padding:.5rem 0}table.stack td{display:flex;flex-wrap:wrap;gap:.25rem 1rem;justify-content:space-between;border:0;padding:.15rem .5rem}table.stack td[data-label]::before{content:attr(data-label);color:var(--muted)}table.stack td.links{justify-content:flex-start;align-items:center}}
`;

/** Its path names its content, so it can be cached for good and a new version is fetched at once. */
export const PORTAL_CSS_PATH = `/p/assets/portal-${sha256Hex(PORTAL_CSS).slice(0, 12)}.css`;

/** WCAG AA for normal text. */
const AA = 4.5;
/** The backgrounds text in the accent colour sits on: the page and the cards, in light and in dark mode. */
const LIGHT_BACKGROUNDS = ['#ffffff', '#f7f7fa'];
const DARK_BACKGROUNDS = ['#15151a', '#1f1f27'];

/** The colour, mixed toward `toward` in small steps until it reads at AA on every background. */
function readableOn(color: string, backgrounds: readonly string[], toward: string): string {
  for (let step = 0; step <= 20; step++) {
    const shade = mix(color, toward, step / 20);
    if (backgrounds.every((bg) => getContrast(shade, bg) >= AA)) return toHex(shade);
  }
  return toHex(toward);
}

/**
 * A configuration's accent colour, made accessible whatever the merchant chose: buttons keep
 * the colour itself, with black or white text, whichever contrasts more (one of them always
 * reaches 4.5:1); links, secondary buttons and focus rings use the nearest shade that reads
 * at 4.5:1 on the page and cards, darker in light mode and lighter in dark mode.
 */
export function accentCss(hex: string): string {
  const color = `#${hex}`;
  const onAccent = getContrast(color, '#000000') > getContrast(color, '#ffffff') ? '#000000' : '#ffffff';
  const light = readableOn(color, LIGHT_BACKGROUNDS, '#000000');
  const dark = readableOn(color, DARK_BACKGROUNDS, '#ffffff');
  return `:root{--accent:${color};--on-accent:${onAccent};--link:${light}}@media (prefers-color-scheme:dark){:root{--link:${dark}}}`;
}

/** What an accent stylesheet holds changes with the rules above: its path names their version, so a browser never keeps an old one. */
const ACCENT_VERSION = sha256Hex(accentCss('777777') + accentCss('ffff00') + accentCss('000000')).slice(0, 8);

/** The accent colour of a configuration's branding, as a stylesheet of its own (a colour is #rrggbb). */
export const accentPath = (color: string) => `/p/assets/accent-${color.slice(1).toLowerCase()}-${ACCENT_VERSION}.css`;
