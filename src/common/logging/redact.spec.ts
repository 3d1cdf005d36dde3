import { redactText } from './redact.js';

describe('redactText', () => {
  it('should hide bearer tokens and secrets in URLs and JSON', () => {
    const s = redactText('GET https://graph.facebook.com/v25.0/me?fields=id&access_token=EAAGm0PX4ZCpsBA&x=1 failed; Authorization: Bearer abc.def-ghi_123 {"refresh_token":"r-123","ok":1}');
    expect(s).not.toMatch(/EAAGm0PX4ZCpsBA|abc\.def-ghi_123|r-123/);
    expect(s).toContain('access_token=[redacted]&x=1');
    expect(s).toContain('Bearer [redacted]');
    expect(s).toContain('"refresh_token":"[redacted]"');
  });

  it('should mask personal data with the PII policy', () => {
    const s = redactText('warga 081234567890 NIK 7307011234560001 melapor');
    expect(s).not.toContain('081234567890');
    expect(s).not.toContain('7307011234560001');
  });

  it('should leave ordinary text alone', () => {
    expect(redactText('stage=persist inserted=3 platform=x')).toBe('stage=persist inserted=3 platform=x');
  });
});
