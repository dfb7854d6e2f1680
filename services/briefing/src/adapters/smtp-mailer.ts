import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { BRIEFING_CONFIG, type BriefingConfig } from '../config';

export interface BriefMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  conversationId: string;
}

/** Brief mail through SMTP (nodemailer); absent when SMTP_URL is not set. */
@Injectable()
export class SmtpMailer implements OnModuleDestroy {
  private readonly transport?: Transporter;

  constructor(@Inject(BRIEFING_CONFIG) private readonly config: BriefingConfig) {
    if (config.SMTP_URL) this.transport = nodemailer.createTransport(config.SMTP_URL);
  }

  get configured(): boolean {
    return Boolean(this.transport);
  }

  async send(mail: BriefMail): Promise<void> {
    if (!this.transport) throw new Error('SMTP_URL is not set');
    await this.transport.sendMail({
      from: this.config.BATON_BRIEF_MAIL_FROM,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      // the same Message-ID on a retry lets the rep's mail server recognise a copy
      messageId: mail.messageId,
      headers: { 'X-Baton-Conversation': mail.conversationId },
    });
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }
}
