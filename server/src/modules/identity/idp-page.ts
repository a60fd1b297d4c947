import type { IdpAccount } from './idp-accounts.js';

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * The identity provider's sign-in page: the authorization request travels in hidden fields, so
 * the provider keeps no state between showing the page and checking the password.
 */
export function signInPage(options: {
  params: Record<string, string>;
  accounts: IdpAccount[];
  error?: string;
  login?: string;
}): string {
  const hidden = Object.entries(options.params)
    .map(([name, value]) => `<input type="hidden" name="${escape(name)}" value="${escape(value)}">`)
    .join('');
  const demo = options.accounts
    .map((a) => `<li><code>${escape(a.login)}</code> — ${escape(a.note)}</li>`)
    .join('');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>统一身份认证平台（演示）</title>
<style>
body{margin:0;font:16px/1.6 system-ui,"PingFang SC","Microsoft YaHei",sans-serif;background:#f0f4f9;color:#1f1f1f}
main{max-width:440px;margin:32px auto;padding:24px;background:#fff;border-radius:8px;box-shadow:0 2px 8px rgba(0,0,0,.08)}
h1{font-size:22px;margin:0 0 4px;color:#0b4fa1}p.sub{margin:0 0 16px;color:#555}
label{display:block;margin:12px 0 4px;font-weight:600}
input[type=text],input[type=password]{width:100%;box-sizing:border-box;padding:10px;font-size:16px;border:1px solid #8c8c8c;border-radius:4px}
input:focus,button:focus{outline:3px solid #0b4fa1;outline-offset:1px}
button{margin-top:20px;width:100%;padding:12px;font-size:17px;color:#fff;background:#0b4fa1;border:0;border-radius:4px;cursor:pointer}
.error{margin:12px 0 0;padding:8px 12px;color:#a8071a;background:#fff1f0;border:1px solid #ffa39e;border-radius:4px}
details{margin-top:20px;font-size:14px;color:#444}code{background:#f5f5f5;padding:0 4px}
ul{padding-left:20px}
</style></head>
<body><main>
<h1>统一身份认证平台</h1>
<p class="sub">演示环境：自然人、法人一次认证，全省政务服务通行</p>
<form method="post" action="authorize">
${hidden}
<label for="login">账号</label>
<input id="login" name="login" type="text" autocomplete="username" required value="${escape(options.login ?? '')}"${options.error ? ' aria-describedby="error" aria-invalid="true"' : ''}>
<label for="password">密码</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
${options.error ? `<p id="error" class="error" role="alert">${escape(options.error)}</p>` : ''}
<button type="submit">登录并授权</button>
</form>
<details open><summary>演示账号（密码与本平台演示账户相同）</summary><ul>${demo}</ul></details>
</main></body></html>`;
}

/** A request the provider cannot send back to its client (unknown client or redirect address). */
export function errorPage(message: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>统一身份认证平台</title></head>
<body><main style="max-width:440px;margin:32px auto;font:16px/1.6 sans-serif"><h1>无法登录</h1><p role="alert">${escape(message)}</p></main></body></html>`;
}
