/** Why a sign-in was refused; the page says so in Chinese. */
export type LoginRefusal = 'bad-password' | 'unknown-person' | 'disabled-person' | 'missing-fields';

export const REFUSAL_MESSAGES: Record<LoginRefusal, string> = {
  'missing-fields': '请填写邮箱和密码。',
  'bad-password': '邮箱或密码不正确。',
  'unknown-person': '该邮箱不在 plancycle 人员目录中，无法登录。请联系管理员添加。',
  'disabled-person': '该账号已停用，无法登录。请联系管理员。',
};

export interface LoginPageParams {
  /** Where the form posts to. */
  action: string;
  /** The client's display name, shown so people know what they sign in to. */
  clientName: string;
  email?: string;
  refusal?: LoginRefusal;
}

const STYLE = `
  *{box-sizing:border-box}
  body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;background:#f0f2f5;
    font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC",sans-serif;color:#1f1f1f}
  main{width:100%;max-width:380px;background:#fff;border-radius:8px;box-shadow:0 2px 8px rgba(0,0,0,.12);padding:32px}
  header{border-bottom:3px solid #c8161d;margin-bottom:24px;padding-bottom:12px}
  h1{font-size:22px;margin:0 0 4px}
  .subtitle{margin:0;color:#595959;font-size:14px}
  .dev{display:inline-block;margin-top:8px;padding:2px 8px;border-radius:4px;background:#fff7e6;color:#ad4e00;border:1px solid #ffd591;font-size:12px}
  label{display:block;font-size:14px;margin:16px 0 6px}
  input{width:100%;padding:10px 12px;font-size:16px;border:1px solid #d9d9d9;border-radius:6px}
  input:focus{outline:2px solid #1677ff;outline-offset:1px;border-color:#1677ff}
  .alert{margin:0 0 8px;padding:10px 12px;border-radius:6px;background:#fff2f0;border:1px solid #ffccc7;color:#a8071a;font-size:14px}
  button{width:100%;margin-top:24px;padding:11px;font-size:16px;border:0;border-radius:6px;background:#c8161d;color:#fff;cursor:pointer}
  button:focus{outline:2px solid #1677ff;outline-offset:2px}
  footer{margin-top:20px;font-size:12px;color:#8c8c8c;line-height:1.6}
`;

/** The sign-in page (统一身份认证 style): e-mail and password, labelled, errors announced. */
export function renderLoginPage(params: LoginPageParams): string {
  const alert = params.refusal ? `<p class="alert" id="login-error" role="alert">${escapeHtml(REFUSAL_MESSAGES[params.refusal])}</p>` : '';
  const invalid = params.refusal ? ' aria-invalid="true" aria-describedby="login-error"' : '';
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>统一身份认证 · plancycle</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<header>
<h1>统一身份认证</h1>
<p class="subtitle">登录以继续使用 ${escapeHtml(params.clientName)}</p>
<span class="dev">开发环境 · 仅供演示和测试</span>
</header>
<form method="post" action="${escapeHtml(params.action)}" autocomplete="on" novalidate>
${alert}
<label for="email">电子邮箱</label>
<input id="email" name="email" type="email" inputmode="email" autocomplete="username" required autofocus value="${escapeHtml(params.email ?? '')}"${invalid}>
<label for="password">密码</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${invalid}>
<button type="submit">登录</button>
</form>
<footer>账号为 plancycle 人员目录中状态为“启用”的人员；开发环境中所有演示账号共用一个口令（IDENTITY_DEMO_PASSWORD）。</footer>
</main>
</body>
</html>
`;
}

/** A page for what went wrong outside the form (an expired or unknown sign-in request). */
export function renderErrorPage(params: { title: string; detail: string }): string {
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>统一身份认证 · 出错了</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<header><h1>统一身份认证</h1><span class="dev">开发环境 · 仅供演示和测试</span></header>
<p class="alert" role="alert">${escapeHtml(params.title)}</p>
<p class="subtitle">${escapeHtml(params.detail)}</p>
</main>
</body>
</html>
`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
