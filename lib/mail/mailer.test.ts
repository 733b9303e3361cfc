import { describe, expect, it } from "vitest";
import { renderMail } from "./mailer";
import { mailTemplates, type MailTemplateName } from "./templates";

const data: { [N in MailTemplateName]: Parameters<(typeof mailTemplates)[N]["body"]>[1] } = {
  "verification-code": { code: "123456", minutes: 10, link: "http://localhost:3000/verify?email=a%40example.com&code=123456" },
  "password-reset-code": { code: "654321", minutes: 10, link: "http://localhost:3000/reset-password?email=a%40example.com&code=654321" },
  "account-exists": {},
  "expiry-reminder": { plan: "Starter", days: 3, expiresAt: "Dec 4, 2026, 10:00", graceDays: 3 },
  "relay-moved": { regionName: "Frankfurt", host: "203.0.113.10", derpPort: 21000, stunPort: 42000, reason: "certificate" },
  "traffic-quota-warning": { planName: "Standard", usedGb: 80.5, quotaGb: 100, percent: 80 },
  "traffic-quota-exceeded": { planName: "Standard", usedGb: 100.2, quotaGb: 100, percent: 100 },
  alert: { title: "[FIRING] Server tokyo-1 is down", lines: ["Since 2026-12-02 05:40 UTC."], event: "firing" },
  "derp-map-new-country": { country: "US", place: "Mountain View, California", ip: "8.8.8.8", channel: "link", at: "Dec 4, 2026, 10:00" },
};

describe("mail templates", () => {
  for (const template of Object.keys(mailTemplates) as MailTemplateName[]) {
    for (const locale of ["en", "zh-CN"] as const) {
      it(`${template} renders in ${locale}`, async () => {
        const mail = await renderMail({ to: "a@example.com", locale, template, data: data[template] as never });
        expect(mail.subject.length).toBeGreaterThan(5);
        expect(mail.html).toContain(`lang="${locale}"`);
        expect(mail.text).toContain("http://localhost:3000");
        // Untranslated keys would show up as "mail.xxx.yyy".
        expect(`${mail.subject}\n${mail.text}`).not.toMatch(/mail\.[a-zA-Z]+\.[a-zA-Z]+/);
        if (locale === "zh-CN") expect(mail.subject).toMatch(/[\u4e00-\u9fff]/);
        const { code, link } = data[template] as { code?: string; link?: string };
        if (link) {
          // One click: the link is a button in the HTML and a plain address in the text.
          expect(mail.html).toContain(`href="${link.replace(/&/g, "&amp;")}"`);
          expect(mail.text).toContain(link);
        }
        if (code) {
          expect(mail.subject).toContain(code);
          expect(mail.text).toContain(code);
          expect(mail.html).toContain(code);
        }
      });
    }
  }
});
