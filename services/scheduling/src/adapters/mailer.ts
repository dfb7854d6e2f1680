import { Inject, Injectable } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { SCHEDULING_CONFIG, type SchedulingConfig } from '../config';

export interface InviteMail {
  to: string;
  subject: string;
  text: string;
  ics: string;
  method: 'REQUEST' | 'CANCEL';
  /** Message-ID, derived from the meeting, its sequence and the recipient: a resend is recognisable. */
  messageId: string;
}

/** Invites by SMTP through nodemailer (SMTP_URL); without it, none are mailed and the invite is served over HTTP. */
@Injectable()
export class Mailer {
  private readonly transport?: Transporter;

  constructor(@Inject(SCHEDULING_CONFIG) private readonly config: SchedulingConfig) {
    if (config.SMTP_URL) this.transport = nodemailer.createTransport(config.SMTP_URL);
  }

  get enabled(): boolean {
    return Boolean(this.transport);
  }

  async send(mail: InviteMail): Promise<void> {
    if (!this.transport) throw new Error('no SMTP_URL: invites are not mailed');
    await this.transport.sendMail({
      from: this.config.BATON_MAIL_FROM,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      messageId: mail.messageId,
      // The calendar part is what mail clients turn into an invite (Accept / Decline); the attachment is for the rest.
      icalEvent: { method: mail.method, filename: 'invite.ics', content: mail.ics },
    });
  }

  close(): void {
    this.transport?.close();
  }
}
