/**
 * The widget's styles, inside its shadow root: the host page's CSS cannot
 * reach in and ours cannot leak out. Sizes in px (not rem) so the host's
 * root font size does not matter. Colours meet WCAG AA against their
 * backgrounds (4.5:1 for text, 3:1 for focus rings and controls).
 */
export const CSS = `
:host{all:initial}
*,*::before,*::after{box-sizing:border-box}
[hidden]{display:none!important}
.root{--p:#1d4f91;--pd:#153b6e;--pl:#e8eef7;--tx:#1b1f24;--mu:#545b66;--bd:#d5dae1;--bg:#f5f6f8;--ok:#1b6b3e;--er:#b3261e;
font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--tx);-webkit-font-smoothing:antialiased}
button,input,textarea{font:inherit;color:inherit}
button{cursor:pointer}
:focus{outline:none}
:focus-visible{outline:3px solid var(--p);outline-offset:2px}
.sr{position:absolute!important;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
.launcher{position:fixed;right:24px;bottom:24px;z-index:2147483000;height:56px;padding:0 20px 0 16px;gap:8px;border-radius:28px;border:0;background:var(--p);color:#fff;
display:flex;align-items:center;justify-content:center;font-size:16px;font-weight:650;box-shadow:0 6px 20px rgba(16,24,40,.28);transition:transform .15s ease,background .15s}
.launcher span{display:flex}.i-close,.root.open .i-open{display:none!important}.root.open .i-close{display:flex!important}
.launcher:hover{background:var(--pd);transform:translateY(-1px)}
.launcher:focus-visible{outline:3px solid var(--p);outline-offset:3px;box-shadow:0 0 0 3px #fff,0 6px 20px rgba(16,24,40,.28)}
.badge{position:absolute;top:-2px;right:-2px;min-width:22px;height:22px;padding:0 6px;border-radius:11px;background:#c0262d;color:#fff;font-size:12px;font-weight:700;line-height:22px;text-align:center;border:2px solid #fff}
.panel{position:fixed;right:24px;bottom:96px;z-index:2147483001;width:384px;height:min(640px,calc(100vh - 120px));min-height:360px;display:flex;flex-direction:column;
background:#fff;border-radius:16px;overflow:hidden;overflow:clip;box-shadow:0 16px 48px rgba(16,24,40,.22),0 2px 6px rgba(16,24,40,.08);animation:in .18s ease-out}
@keyframes in{from{opacity:0;transform:translateY(12px)}to{opacity:1;transform:none}}
.head{display:flex;align-items:center;gap:12px;padding:14px 10px 14px 16px;background:var(--p);color:#fff}
.avatar{flex:none;width:38px;height:38px;border-radius:50%;background:rgba(255,255,255,.16);display:flex;align-items:center;justify-content:center}
.titles{flex:1;min-width:0}
.titles h2{margin:0;font-size:16px;font-weight:650;line-height:1.3;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.sub{margin:1px 0 0;font-size:13px;line-height:1.35;color:#fff;display:-webkit-box;-webkit-line-clamp:2;-webkit-box-orient:vertical;overflow:hidden}
.dot{display:inline-block;width:8px;height:8px;border-radius:50%;background:#7ee2a8;margin-right:6px;vertical-align:1px}
.dot.limited{background:#f5c451}
.icon{flex:none;width:40px;height:40px;border:0;border-radius:10px;background:transparent;color:#fff;display:flex;align-items:center;justify-content:center}
.icon:hover{background:rgba(255,255,255,.14)}
.head :focus-visible{outline:3px solid #fff;outline-offset:-3px}
.banner{display:flex;gap:8px;align-items:flex-start;padding:9px 16px;font-size:13px;background:#fff4d6;color:#5c4300;border-bottom:1px solid #f0dc9c}
.banner svg{flex:none;margin-top:1px}
.logwrap{position:relative;flex:1;min-height:0;display:flex;flex-direction:column}
.pill{position:absolute;left:50%;bottom:12px;transform:translateX(-50%);border:0;border-radius:18px;padding:7px 14px;background:var(--p);color:#fff;font-size:13px;font-weight:600;box-shadow:0 4px 14px rgba(16,24,40,.25);white-space:nowrap}
.pill:hover{background:var(--pd)}
.log{flex:1;min-height:0;overflow-y:auto;padding:16px 14px 8px;background:var(--bg);scroll-behavior:smooth}
.log:focus-visible{outline-offset:-3px}
.notice{margin:0 4px 16px;padding:12px 14px;font-size:13px;color:var(--mu);background:#fff;border:1px solid var(--bd);border-radius:12px}
.notice strong{display:block;color:var(--tx);font-size:13px;margin-bottom:2px}
.notice a,.msg a{color:var(--p);text-decoration:underline;text-underline-offset:2px}
.msg.customer a{color:#fff}
.msgs{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:10px}
.msg{display:flex;flex-direction:column;align-items:flex-start;max-width:100%}
.msg.customer{align-items:flex-end}
.who{font-size:12px;font-weight:600;color:var(--mu);margin:0 0 3px 12px}
.msg.agent .who{color:var(--ok)}
.bubble{max-width:86%;padding:9px 13px;border-radius:16px 16px 16px 4px;background:#fff;border:1px solid var(--bd);white-space:pre-wrap;overflow-wrap:anywhere}
.msg.customer .bubble{background:var(--p);color:#fff;border-color:var(--p);border-radius:16px 16px 4px 16px}
.msg.agent .bubble{background:#e9f5ee;border-color:#bfe0cb}
.msg.system{align-items:center}
.msg.system .bubble{background:transparent;border:0;padding:2px 8px;font-size:13px;color:var(--mu);text-align:center;max-width:100%}
.meta{font-size:12px;color:var(--mu);margin:3px 6px 0;display:flex;gap:6px;align-items:center}
.meta.failed{color:var(--er)}
.linkbtn{border:0;background:none;padding:0;color:var(--p);text-decoration:underline;font-size:12px}
.choices{display:flex;flex-wrap:wrap;gap:6px;margin:8px 0 0;max-width:92%}
.chip{border:1.5px solid var(--p);background:#fff;color:var(--p);border-radius:18px;padding:6px 13px;font-size:14px;font-weight:550}
.chip:hover{background:var(--pl)}
.gen{margin:4px 4px 0;font-size:12px;color:var(--mu)}.gen p{margin:0}.gen-label{font-style:italic}.gen-src{margin:2px 0 0;padding-left:18px}
.fb{display:flex;align-items:center;gap:4px;margin:4px 4px 0;font-size:12px;color:var(--mu)}
.fb button{display:inline-flex;align-items:center;gap:4px;border:1px solid transparent;background:none;color:var(--mu);border-radius:8px;padding:3px 7px;font-size:12px}
.fb button:hover{border-color:var(--bd);background:#fff;color:var(--tx)}
.typing{display:flex;align-items:center;gap:8px;margin:10px 4px 2px;font-size:13px;color:var(--mu)}
.dots{display:inline-flex;gap:3px;padding:9px 12px;background:#fff;border:1px solid var(--bd);border-radius:14px}
.dots i{width:6px;height:6px;border-radius:50%;background:#8a919c;animation:b 1.2s infinite}
.dots i:nth-child(2){animation-delay:.15s}.dots i:nth-child(3){animation-delay:.3s}
@keyframes b{0%,60%,100%{opacity:.35;transform:none}30%{opacity:1;transform:translateY(-2px)}}
.card{margin:14px 2px 6px;padding:14px;background:#fff;border:1px solid var(--bd);border-radius:12px}
.card h3{margin:0 0 4px;font-size:15px}
.card p{margin:0 0 10px;font-size:13px;color:var(--mu)}
.field{display:flex;flex-direction:column;gap:3px;margin:0 0 10px}
.field label{font-size:13px;font-weight:600}
.field input,.field textarea{width:100%;padding:8px 10px;border:1px solid #8a929e;border-radius:8px;background:#fff;font-size:14px}
.field textarea{resize:vertical;min-height:64px}
.field input:focus-visible,.field textarea:focus-visible{outline:2px solid var(--p);outline-offset:0;border-color:var(--p)}
.field [aria-invalid=true]{border-color:var(--er)}
.err{font-size:12px;color:var(--er)}
.note{font-size:12px;color:var(--mu)}
.row{display:flex;gap:8px;flex-wrap:wrap;align-items:center}
.again{margin:10px 2px}
.card .done{margin:0;color:var(--tx)}
.btn{border:0;border-radius:10px;padding:9px 16px;background:var(--p);color:#fff;font-weight:600;font-size:14px}
.btn:hover{background:var(--pd)}
.btn.ghost{background:#fff;color:var(--p);border:1.5px solid var(--p)}
.btn.ghost:hover{background:var(--pl)}
.stars{border:0;margin:6px 0 10px;padding:0;display:flex;gap:2px}
.stars input{position:absolute;opacity:0;width:1px;height:1px}
.stars label{color:#8a929e;padding:3px;border-radius:6px;cursor:pointer}
.stars label.on{color:#b7791f}
.stars label.on svg{fill:currentColor}
.stars input:focus-visible+label{outline:3px solid var(--p)}
.queue{padding:9px 16px;font-size:13px;background:var(--pl);color:var(--tx);border-top:1px solid #cdd9ec}
.actions{display:flex;align-items:center;justify-content:space-between;gap:8px;padding:8px 12px 0;background:#fff;border-top:1px solid var(--bd)}
.person{display:inline-flex;align-items:center;gap:6px;border:1.5px solid var(--p);background:#fff;color:var(--p);border-radius:18px;padding:5px 12px 5px 9px;font-size:13px;font-weight:600}
.person:hover{background:var(--pl)}
.end{border:0;background:none;color:var(--mu);font-size:13px;text-decoration:underline;text-underline-offset:2px;padding:6px 4px}
.confirm{font-size:13px}
.composer{display:flex;align-items:flex-end;gap:8px;padding:10px 12px 12px;background:#fff}
.composer textarea{flex:1;resize:none;max-height:120px;min-height:42px;padding:10px 12px;border:1px solid #8a929e;border-radius:12px;background:#fff;font-size:15px;line-height:1.35}
.composer textarea:focus-visible{outline:2px solid var(--p);outline-offset:0;border-color:var(--p)}
.composer textarea:disabled{background:#f0f1f3;color:var(--mu)}
.sendbtn{flex:none;width:42px;height:42px;border:0;border-radius:12px;background:var(--p);color:#fff;display:flex;align-items:center;justify-content:center}
.sendbtn:hover{background:var(--pd)}
.sendbtn:disabled{background:#8a929e;cursor:default}
.hint{padding:0 14px 8px;font-size:12px;color:var(--er);background:#fff}
@media (max-width:480px){.panel{inset:0;width:auto;height:auto;min-height:0;border-radius:0}.root.open .launcher{display:none}.launcher{right:16px;bottom:16px}}
@media (prefers-reduced-motion:reduce){*{animation:none!important;transition:none!important;scroll-behavior:auto!important}}
`;
