import { Body, Button, Container, Head, Heading, Hr, Html, Preview, Section, Text } from "@react-email/components";
import type { ReactNode } from "react";
import type { MailContext } from "./types";

const styles = {
  body: { backgroundColor: "#f4f4f5", fontFamily: "-apple-system, 'Segoe UI', Roboto, 'PingFang SC', 'Microsoft YaHei', sans-serif", margin: 0, padding: "24px 0" },
  container: { backgroundColor: "#ffffff", borderRadius: "8px", margin: "0 auto", maxWidth: "520px", padding: "32px" },
  brand: { color: "#4f46e5", fontSize: "14px", fontWeight: 600, margin: "0 0 16px" },
  heading: { color: "#18181b", fontSize: "22px", fontWeight: 700, margin: "0 0 16px" },
  footer: { color: "#71717a", fontSize: "12px", lineHeight: "18px", margin: 0 },
  code: { backgroundColor: "#f4f4f5", borderRadius: "6px", color: "#18181b", fontFamily: "ui-monospace, Menlo, monospace", fontSize: "32px", fontWeight: 700, letterSpacing: "8px", margin: "16px 0", padding: "12px 0", textAlign: "center" as const },
  text: { color: "#27272a", fontSize: "15px", lineHeight: "22px", margin: "0 0 12px" },
  button: { backgroundColor: "#4f46e5", borderRadius: "6px", color: "#ffffff", display: "inline-block", fontSize: "15px", fontWeight: 600, margin: "4px 0 16px", padding: "12px 20px", textDecoration: "none" },
};

export function MailLayout({ ctx, preview, heading, children }: { ctx: MailContext; preview: string; heading: string; children: ReactNode }) {
  return (
    <Html lang={ctx.locale}>
      <Head />
      <Preview>{preview}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Text style={styles.brand}>{ctx.appName}</Text>
          <Heading as="h1" style={styles.heading}>
            {heading}
          </Heading>
          <Section>{children}</Section>
          <Hr />
          <Text style={styles.footer}>{ctx.t("layout.footer", { appName: ctx.appName, appUrl: ctx.appUrl })}</Text>
        </Container>
      </Body>
    </Html>
  );
}

export function MailText({ children }: { children: ReactNode }) {
  return <Text style={styles.text}>{children}</Text>;
}

export function MailCode({ code }: { code: string }) {
  return <Text style={styles.code}>{code}</Text>;
}

/** A link as a button: the one-click way; the plain-text mail shows its address. */
export function MailButton({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Button href={href} style={styles.button}>
      {children}
    </Button>
  );
}
