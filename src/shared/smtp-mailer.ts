import nodemailer from 'nodemailer';

/** One SMTP server (MailConfig of src/config/env.ts) as the use cases' Mailer port (ports/mail.ts). */
export function createSmtpMailer(smtp: {
  host: string;
  port: number;
  secure: boolean;
  user?: string;
  pass?: string;
  from: string;
  /** Outside production: a test server's self-signed certificate is accepted. */
  rejectUnauthorized?: boolean;
}) {
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    auth: smtp.user ? { user: smtp.user, pass: smtp.pass } : undefined,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
    tls: { rejectUnauthorized: smtp.rejectUnauthorized ?? true },
  });
  return {
    async send(m: {
      to: string;
      subject: string;
      text: string;
      html: string;
      messageId: string;
    }): Promise<void> {
      await transport.sendMail({
        from: smtp.from,
        to: m.to,
        subject: m.subject,
        text: m.text,
        html: m.html,
        messageId: m.messageId,
      });
    },
    close: () => transport.close(),
  };
}
