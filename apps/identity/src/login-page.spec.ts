import { escapeHtml, REFUSAL_MESSAGES, renderLoginPage } from './login-page';

describe('renderLoginPage', () => {
  it('labels both fields and posts to the interaction', () => {
    const page = renderLoginPage({ action: '/interaction/abc/login', clientName: 'plancycle 控制台' });
    expect(page).toContain('<html lang="zh-CN">');
    expect(page).toContain('<form method="post" action="/interaction/abc/login"');
    expect(page).toMatch(/<label for="email">电子邮箱<\/label>\s*<input id="email" name="email" type="email"[^>]*autocomplete="username"/);
    expect(page).toMatch(
      /<label for="password">密码<\/label>\s*<input id="password" name="password" type="password"[^>]*autocomplete="current-password"/,
    );
    expect(page).not.toContain('role="alert"');
  });

  it.each(Object.entries(REFUSAL_MESSAGES))('announces a refusal (%s) and ties it to the fields', (refusal, message) => {
    const page = renderLoginPage({
      action: '/interaction/abc/login',
      clientName: 'plancycle 命令行',
      email: 'dept@demo.plancycle.local',
      refusal: refusal as keyof typeof REFUSAL_MESSAGES,
    });
    expect(page).toContain(`<p class="alert" id="login-error" role="alert">${message}</p>`);
    expect(page).toContain('value="dept@demo.plancycle.local" aria-invalid="true" aria-describedby="login-error"');
  });

  it('escapes what the person typed', () => {
    const page = renderLoginPage({ action: '/x', clientName: 'c', email: '"><script>alert(1)</script>', refusal: 'bad-password' });
    expect(page).not.toContain('<script>');
    expect(page).toContain('value="&#34;&#62;&#60;script&#62;alert(1)&#60;/script&#62;"');
  });

  it('says in Chinese why a disabled or unknown person cannot sign in', () => {
    expect(REFUSAL_MESSAGES['disabled-person']).toMatch(/已停用/);
    expect(REFUSAL_MESSAGES['unknown-person']).toMatch(/不在 plancycle 人员目录中/);
    expect(escapeHtml(`<a href='x'>&</a>`)).toBe('&#60;a href=&#39;x&#39;&#62;&#38;&#60;/a&#62;');
  });
});
