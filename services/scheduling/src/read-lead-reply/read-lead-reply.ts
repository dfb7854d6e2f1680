import { Inject, Injectable } from '@nestjs/common';
import type { Sql } from '@baton/sql';
import { LOGGER, SQL, type Logger } from '@baton/service-runtime';
import { leadStanding } from '../adapters/lead-standing';
import { noteLead } from '../adapters/lead-store';
import { closeUnreachedOffer, keepWaiting, offerReached, type Offer } from '../adapters/meeting-store';
import { findRep } from '../adapters/rep-store';
import type { Cause } from '../adapters/scheduling-events';
import { BookMeeting } from '../book-meeting/book-meeting';
import { ChangeMeeting } from '../change-meeting/change-meeting';
import { SlotTaken } from '../domain/meeting';
import { exactStart, isCarrierKeyword, readMeetingReply, readSlotReply } from '../domain/lead-reply';
import { languageOf } from '../domain/routing';
import type { TimeWish } from '../domain/slots';
import { OfferSlots } from '../offer-slots/offer-slots';

export interface LeadMessage {
  tenantId: string;
  conversationId: string;
  messageId: string;
  body: string;
  receivedAt: string;
  /** The number the lead wrote from, noted with what the message tells of them. */
  leadPhone?: string;
  cause: Cause;
}

// An address in what the lead wrote: where their invite goes.
const emailIn = /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,190}\.[A-Za-z]{2,24}/;

/**
 * A lead's text, read for scheduling: a pick among offered slots (booked), a wish for other times (a new
 * pair, or the very time when it is free), an unclear answer (asked once more, never guessed), or a move or
 * cancellation of a booked meeting. Words are read in the lead's zone at the moment they wrote.
 */
@Injectable()
export class ReadLeadReply {
  constructor(
    @Inject(SQL) private readonly sql: Sql,
    private readonly offers: OfferSlots,
    private readonly booking: BookMeeting,
    private readonly changes: ChangeMeeting,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async read(message: LeadMessage): Promise<void> {
    const { tenantId, conversationId } = message;
    const phone = message.leadPhone ? { leadPhone: message.leadPhone } : {};
    if (isCarrierKeyword(message.body)) {
      // STOP, START, HELP: the gateway's, never a pick
      if (message.leadPhone) await noteLead(this.sql, tenantId, conversationId, phone);
      return;
    }
    const email = emailIn.exec(message.body)?.[0];
    const language = languageOf([message.body]);
    const standing = await leadStanding(this.sql, tenantId, conversationId, message.receivedAt);
    const facts = {
      ...phone,
      ...(email ? { leadEmail: email.toLowerCase() } : {}),
      ...(language ? { language } : {}),
    };
    // Written only when the text tells something new (most repeat the number scheduling already has).
    const known = standing.lead;
    const isNew = (Object.keys(facts) as (keyof typeof facts)[]).some((k) => known?.[k] !== facts[k]);
    const lead = isNew ? await noteLead(this.sql, tenantId, conversationId, facts) : known;
    // A rep in the thread, a pause or an opt-out: not the AI's to schedule.
    if (lead && (lead.optedOut || lead.driver === 'human' || lead.driver === 'paused')) return;
    const { offer } = standing;
    // A message written before the offer was made is not an answer to it: it is the one that called for it
    // ("my contract expires Friday" hands off, and scheduling may hear it only after it offered the slots).
    if (offer && Date.parse(message.receivedAt) < Date.parse(offer.createdAt)) return;
    if (offer?.turnId && !offer.reachedAt) {
      // The slots have not been seen to reach the lead: their message may still go out (this text then came
      // before it), or be void because of this very text. Read it once that is known, never as a reply to
      // times the lead has not seen ("which of these two?" about nothing).
      await keepWaiting(this.sql, offer.offerId, {
        messageId: message.messageId,
        body: message.body,
        receivedAt: message.receivedAt,
        ...phone,
        cause: { id: message.cause.id, correlationid: message.cause.correlationid },
      });
      return;
    }
    if (offer?.reachedAt && Date.parse(message.receivedAt) < Date.parse(offer.reachedAt)) return;
    if (offer) return this.answerOffer(offer, message);
    const { meeting } = standing;
    if (!meeting) return;
    const context = { zone: meeting.leadTimezone, now: message.receivedAt };
    const reply = readMeetingReply(message.body, meeting.start, context);
    const log = this.logger.child({ service: 'scheduling', conversationId, tenantId, meetingId: meeting.meetingId });
    if (reply.kind === 'cancel') {
      await this.changes.cancel({
        tenantId,
        meetingId: meeting.meetingId,
        by: 'lead',
        inReplyTo: message.messageId,
        cause: message.cause,
      });
    } else if (reply.kind === 'move') {
      const start = reply.exact ? exactStart(reply.wish, context) : undefined;
      if (start) {
        try {
          await this.changes.move({
            tenantId,
            meetingId: meeting.meetingId,
            start,
            by: 'lead',
            inReplyTo: message.messageId,
            cause: message.cause,
          });
          return;
        } catch (error) {
          if (!(error instanceof SlotTaken)) throw error;
          log.info({ start }, 'asked-for time not free; offering a pair near it');
        }
      }
      await this.offers.offer({
        tenantId,
        conversationId,
        why: 'reschedule',
        inReplyTo: message.messageId,
        wish: withoutTime(reply.wish),
        exclude: [meeting.start],
        repId: meeting.repId,
        movesMeetingId: meeting.meetingId,
        cause: message.cause,
      });
    }
  }

  /**
   * The message of an offer's turn was handed to the provider at `at`: the lead has the slots. A text that waited
   * for this is read now if it came after (an answer quicker than the send's own record), and dropped if before.
   */
  async offerSent(tenantId: string, conversationId: string, turnId: string, at: string): Promise<void> {
    const offer = await offerReached(this.sql, tenantId, conversationId, turnId, at);
    const waiting = offer?.waiting;
    if (!waiting || Date.parse(waiting.receivedAt) < Date.parse(at)) return;
    await this.read({ tenantId, conversationId, ...waiting });
  }

  /**
   * The message of an offer's turn was void (the lead wrote again before it went out): the same slots are offered
   * anew, in the same words (a handoff's, not a clarifying question's), answering the lead's latest message.
   */
  async offerVoid(tenantId: string, conversationId: string, turnId: string, cause: Cause): Promise<void> {
    const offer = await closeUnreachedOffer(this.sql, tenantId, conversationId, turnId);
    if (!offer) return;
    this.logger.info(
      { service: 'scheduling', conversationId, tenantId, offerId: offer.offerId },
      'the offer never reached the lead; offering the same slots again',
    );
    await this.offers.offer({
      tenantId,
      conversationId,
      why: offer.why,
      again: { repId: offer.repId, slots: offer.slots },
      ...(offer.meetingId ? { movesMeetingId: offer.meetingId } : {}),
      cause,
    });
  }

  private async answerOffer(offer: Offer, message: LeadMessage): Promise<void> {
    const context = { zone: offer.leadTimezone, now: message.receivedAt };
    const reply = readSlotReply(message.body, offer.slots, context);
    const log = this.logger.child({
      service: 'scheduling',
      conversationId: offer.conversationId,
      tenantId: offer.tenantId,
      offerId: offer.offerId,
    });
    log.info({ reply: reply.kind }, 'lead answered the offer');
    const base = {
      tenantId: offer.tenantId,
      conversationId: offer.conversationId,
      inReplyTo: message.messageId,
      cause: message.cause,
    };
    if (reply.kind === 'pick' || reply.kind === 'either') {
      const slot = offer.slots[reply.kind === 'pick' ? reply.index : 0]!;
      if (offer.meetingId) return this.moveTo(offer, slot.start, message);
      await this.booking.book({ offer, slot, inReplyTo: message.messageId, cause: message.cause });
      return;
    }
    if (reply.kind === 'other') {
      const start = reply.exact ? exactStart(reply.wish, context) : undefined;
      if (start) {
        const done = offer.meetingId
          ? await this.moveTo(offer, start, message).then(
              () => true,
              (e) => (e instanceof SlotTaken ? false : Promise.reject(e)),
            )
          : await this.bookAt(offer, start, message);
        if (done) return;
      }
      await this.offers.offer({
        ...base,
        why: offer.meetingId ? 'reschedule' : 'other_times',
        wish: start ? withoutTime(reply.wish) : reply.wish,
        exclude: offer.slots.map((s) => s.start),
        ...(offer.meetingId ? { repId: offer.repId, movesMeetingId: offer.meetingId } : {}),
      });
      return;
    }
    // Unclear: ask once more with the same two slots; after that, wait (a rep will see the thread).
    if (offer.clarified) return;
    await this.offers.offer({
      ...base,
      why: 'clarify',
      again: { repId: offer.repId, slots: offer.slots },
      ...(offer.meetingId ? { movesMeetingId: offer.meetingId } : {}),
    });
  }

  private async moveTo(offer: Offer, start: string, message: LeadMessage): Promise<void> {
    await this.changes.move({
      tenantId: offer.tenantId,
      meetingId: offer.meetingId!,
      start,
      by: 'lead',
      inReplyTo: message.messageId,
      cause: message.cause,
    });
  }

  /** A time the lead named, booked as is when the offer's rep is free then. */
  private async bookAt(offer: Offer, start: string, message: LeadMessage): Promise<boolean> {
    const rep = await findRep(this.sql, offer.tenantId, offer.repId);
    if (!rep) return false;
    const slot = await this.offers.freeSlotAt(rep, offer, start);
    if (!slot) return false;
    const outcome = await this.booking.book({ offer, slot, inReplyTo: message.messageId, cause: message.cause });
    return outcome.kind === 'booked';
  }
}

const withoutTime = (wish: TimeWish): TimeWish => {
  const { time: _time, ...rest } = wish;
  return rest;
};
