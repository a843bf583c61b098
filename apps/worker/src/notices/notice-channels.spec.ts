import { createHmac } from 'node:crypto';
import { signedWebhookUrl } from './notice-channels';

describe('signedWebhookUrl (钉钉 加签)', () => {
  it('leaves an address without a secret as it is', () => {
    expect(signedWebhookUrl('https://oapi.dingtalk.com/robot/send?access_token=x')).toBe(
      'https://oapi.dingtalk.com/robot/send?access_token=x',
    );
  });

  it('signs with timestamp and HMAC-SHA256 of "timestamp\\nsecret", and never sends the secret', () => {
    const url = new URL(signedWebhookUrl('https://oapi.dingtalk.com/robot/send?access_token=x#secret=SEC123', 1_700_000_000_000));
    expect(url.hash).toBe('');
    expect(url.searchParams.get('timestamp')).toBe('1700000000000');
    expect(url.searchParams.get('sign')).toBe(createHmac('sha256', 'SEC123').update('1700000000000\nSEC123').digest('base64'));
    expect(url.toString()).not.toContain('SEC123');
  });
});
