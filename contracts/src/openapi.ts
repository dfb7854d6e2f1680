import type { TSchema } from '@sinclair/typebox';
import { eventCatalogue } from './catalogue';
import { Brief, BriefReady } from './events/briefs-and-calls';
import { AuditExportQuery, EraseLeadBody, KpiQuery } from './http/audit';
import { BriefQuery } from './http/briefs';
import {
  DevLeadMessageBody,
  DevOutboxQuery,
  PlaceCallBody,
  TwilioInboundSms,
  TwilioStatusCallback,
  TwilioVoiceCall,
  TwilioVoiceStatus,
} from './http/channel';
import {
  CloseBody,
  ConversationListQuery,
  EventStreamQuery,
  HandBackBody,
  InboxQuery,
  PauseBody,
  RepMessageBody,
  ResumeBody,
  TakeOverBody,
  TurnReplyBody,
} from './http/conversations';
import { RegisterNumberBody } from './http/numbers';
import {
  CancelMeetingBody,
  MeetingOutcomeBody,
  MeetingsQuery,
  PresenceBody,
  RepBody,
  RescheduleMeetingBody,
  SchedulingPolicyBody,
} from './http/scheduling';
import { DeliveriesQuery, WebhookEndpointBody } from './http/webhook-endpoints';
import { topics } from './topics';

// The public HTTP surface (design section 8) as OpenAPI 3.1, served at GET /v1/openapi.json by every service.
// A test compares its operations with the routes the services register, so it cannot drift silently.

type Schema = Record<string, unknown>;
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Schema, description: string) => ({ description, content: { 'application/json': { schema } } });
const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ref('Problem') } },
});
const id = { name: 'id', in: 'path', required: true, description: 'the conversation id', schema: { type: 'string' } };
const errors = {
  400: problem('the request is malformed; detail says why'),
  401: problem('no bearer token, or one that was refused'),
  403: problem("the token's role may not do this"),
  404: problem('not found in your tenant'),
  413: problem('the body is over 100 KB'),
  415: problem('the body is not application/json'),
};
const plain = (schema: TSchema) => JSON.parse(JSON.stringify(schema)) as Schema;
/** A request body from its TypeBox definition: the schema the route validates against (http/*.ts). */
const bodyOf = (schema: TSchema, mediaType = 'application/json') => ({
  required: (schema.required as string[] | undefined)?.length ? true : false,
  content: { [mediaType]: { schema: plain(schema) } },
});
/** A provider webhook's form (Twilio posts UTF-8 application/x-www-form-urlencoded). */
const formOf = (schema: TSchema) => bodyOf(schema, 'application/x-www-form-urlencoded');
/** Query parameters from the TypeBox object the route validates its query against. */
const queryOf = (schema: TSchema) =>
  Object.entries((schema.properties ?? {}) as Record<string, TSchema>).map(([name, property]) => ({
    name,
    in: 'query',
    required: ((schema.required as string[] | undefined) ?? []).includes(name),
    description: property.description,
    schema: plain(property),
  }));
const webhookErrors = {
  400: problem('a signed request whose parameters are not what Twilio sends'),
  403: problem('bad or missing signature (recorded)'),
  413: problem('the body is over 100 KB'),
  415: problem('the body is not UTF-8 application/x-www-form-urlencoded'),
};
const commandOutcome = {
  type: 'object',
  properties: {
    commandId: { type: 'string', format: 'uuid' },
    conversationId: { type: 'string' },
    type: { type: 'string' },
    status: { type: 'string', enum: ['pending', 'applied', 'unchanged', 'refused', 'failed'] },
    code: { type: 'string' },
    detail: { type: 'string' },
    events: { type: 'array', items: { type: 'string' }, description: 'the facts it appended' },
    requestedAt: { type: 'string', format: 'date-time' },
    decidedAt: { type: 'string', format: 'date-time' },
  },
};
const prefer = {
  name: 'Prefer',
  in: 'header',
  schema: { type: 'string' },
  description: 'wait=N: how many seconds (0-30, default 3) to wait for the decision',
};
const accepted = {
  200: json(commandOutcome, 'decided: applied, or unchanged (it was already so)'),
  202: json(commandOutcome, 'not decided yet: poll the Location, GET /v1/commands/{commandId}'),
  ...errors,
  409: problem('a rule refused it (the problem names its code); nothing changed'),
  422: problem('it could not be recorded; nothing changed'),
};
const op = (summary: string, roles: string, rest: Record<string, unknown>) => ({
  summary,
  description: `Roles: ${roles}.`,
  security: [{ bearer: [] }],
  ...rest,
});

const repIdParam = {
  name: 'repId',
  in: 'path',
  required: true,
  description: "the rep id (your CRM's, or any 1-128 of A-Z a-z 0-9 . _ : @ -)",
  schema: { type: 'string', pattern: '^[A-Za-z0-9._:@-]{1,128}$' },
};
const meetingIdParam = { ...id, description: 'the meeting id' };
const meetingAnswer = {
  200: json(ref('Meeting'), 'the meeting as it is now'),
  409: problem('the meeting cannot change so (cancelled, over, or the rep is not free then)'),
  ...errors,
};

const conversationFacts = eventCatalogue
  .filter((d) => d.topic === topics.conversations)
  .map((d) => d.type)
  .sort();
/** What a webhook endpoint can subscribe to: the conversation facts and brief.ready. */
const subscribable = [...conversationFacts, BriefReady.type].sort();

export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'Baton',
    version: '1',
    description:
      'Hands hot sales leads from AI agents to human reps. Every /v1 route takes a bearer JWT with `sub`, `tenant` and `role` ' +
      '(rep, supervisor, auditor, admin, agent); errors are RFC 9457 problem details. Events are described by the AsyncAPI document in contracts/asyncapi.yaml.',
  },
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    schemas: {
      Problem: {
        type: 'object',
        properties: {
          type: { type: 'string' },
          title: { type: 'string' },
          status: { type: 'integer' },
          detail: { type: 'string' },
          instance: { type: 'string' },
        },
        required: ['status', 'detail'],
      },
      Driver: { type: 'string', enum: ['ai', 'handoff_pending', 'human', 'paused', 'opted_out'] },
      Conversation: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          tenantId: { type: 'string' },
          driver: ref('Driver'),
          leadPhone: { type: 'string' },
          batonNumber: { type: 'string' },
          channel: { type: 'string' },
          vertical: { type: ['string', 'null'] },
          assignedRepId: { type: ['string', 'null'] },
          handoff: {
            type: ['object', 'null'],
            description: 'mode, the signals that triggered it (with evidence), trigger time',
          },
          turn: { type: ['object', 'null'] },
          meetingId: { type: ['string', 'null'] },
          optedOut: { type: 'boolean' },
          closed: { type: 'boolean' },
          lastActivityAt: { type: ['string', 'null'], format: 'date-time' },
          revision: { type: 'string' },
        },
      },
      TranscriptLine: {
        type: 'object',
        properties: {
          messageId: {
            type: 'string',
            description: "the message's id as signals, thread lines and brief citations name it",
          },
          author: { type: 'string', enum: ['lead', 'ai', 'rep', 'system'] },
          channel: {
            type: 'string',
            enum: ['sms', 'voice'],
            description: "voice: words said on a call (the lead's as transcribed)",
          },
          repId: { type: 'string' },
          body: { type: 'string' },
          at: { type: 'string', format: 'date-time' },
          providerMessageId: { type: 'string' },
          status: {
            type: 'string',
            description: 'received (lead), or recorded, sent, delivered, failed, blocked, deferred',
          },
          reason: { type: 'string' },
          deferredUntil: {
            type: 'string',
            format: 'date-time',
            description: 'when a send held by quiet hours goes out',
          },
        },
      },
      Rep: {
        type: 'object',
        description:
          'A rep as GET shows them: calendar secrets never appear (hasPassword, hasClientSecret, hasRefreshToken say they are set)',
        properties: {
          repId: { type: 'string' },
          name: { type: 'string' },
          email: { type: 'string' },
          phone: { type: 'string' },
          timezone: { type: 'string' },
          workingHours: { type: 'object' },
          meeting: { type: 'object' },
          territory: { type: 'array', items: { type: 'string' } },
          skills: { type: 'object' },
          calendar: { type: 'object' },
          meetingUrl: { type: 'string' },
          presence: { type: 'string', enum: ['available', 'busy', 'offline'], description: 'as the rep set it' },
          presenceNow: {
            type: 'string',
            enum: ['available', 'busy', 'offline'],
            description: 'in force now: offline outside working hours',
          },
          revision: { type: 'integer' },
          removed: { type: 'boolean' },
        },
      },
      Meeting: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          conversationId: { type: 'string' },
          repId: { type: 'string' },
          repName: { type: 'string' },
          start: { type: 'string', format: 'date-time' },
          end: { type: 'string', format: 'date-time' },
          status: { type: 'string', enum: ['booked', 'cancelled', 'attended', 'no_show'] },
          leadTimezone: { type: 'string' },
          calendar: {
            type: 'object',
            description:
              "kind, status (synced, pending, failed), attempts and lastError of the sync to the rep's calendar",
          },
          leadInvited: { type: 'boolean' },
          inviteUrl: { type: 'string' },
          createdAt: { type: 'string', format: 'date-time' },
          updatedAt: { type: 'string', format: 'date-time' },
        },
      },
      WebhookEndpoint: {
        type: 'object',
        properties: {
          id: { type: 'string', format: 'uuid' },
          tenantId: { type: 'string' },
          url: { type: 'string', format: 'uri' },
          events: { type: 'array', items: { type: 'string', enum: subscribable } },
          description: { type: 'string' },
          createdAt: { type: 'string', format: 'date-time' },
        },
      },
      Delivery: {
        type: 'object',
        properties: {
          id: { type: 'string', format: 'uuid', description: 'the webhook-id header, the same on every retry' },
          endpointId: { type: 'string' },
          eventId: { type: 'string' },
          eventType: { type: 'string' },
          status: { type: 'string', enum: ['pending', 'delivered', 'dead', 'cancelled'] },
          attempts: { type: 'integer' },
          nextAttemptAt: { type: 'string', format: 'date-time' },
          lastStatus: { type: 'integer' },
          lastError: { type: 'string' },
          createdAt: { type: 'string', format: 'date-time' },
          deliveredAt: { type: 'string', format: 'date-time' },
        },
      },
    },
  },
  paths: {
    '/v1/inbox': {
      get: op(
        "The rep console's inbox: handoff-pending first, the longest wait since the trigger first; then rep-held, paused and AI-driven by latest activity; counts per driver under the same filters",
        'any',
        {
          parameters: queryOf(InboxQuery),
          responses: {
            200: json(
              {
                type: 'object',
                properties: {
                  counts: {
                    type: 'object',
                    additionalProperties: { type: 'integer' },
                    description:
                      'conversations per driver (handoff_pending, human, paused, ai, opted_out) under view, vertical and channel',
                  },
                  items: {
                    type: 'array',
                    items: {
                      allOf: [
                        ref('Conversation'),
                        {
                          type: 'object',
                          properties: {
                            waitingSince: {
                              type: ['string', 'null'],
                              format: 'date-time',
                              description: 'the handoff trigger time, while pending',
                            },
                          },
                        },
                      ],
                    },
                  },
                },
              },
              'the inbox',
            ),
            ...errors,
          },
        },
      ),
    },
    '/v1/events/stream': {
      get: op(
        "Server-sent events: the tenant's conversation facts live, in the store's global order. Each `conversation` event's id is its position: reconnect with Last-Event-ID to get exactly what came after. A fresh stream starts at the end and sends `ready` once listening; `message` events (no id) say a transcript changed. Reps see everything of their own and unassigned conversations, and of the others only the changes of driver. The bearer token goes in the Authorization header (use a fetch-based SSE client), never in the URL.",
        'any',
        {
          parameters: [
            ...queryOf(EventStreamQuery),
            {
              name: 'Last-Event-ID',
              in: 'header',
              schema: { type: 'string', pattern: '^[0-9]{1,20}\\.[0-9]{1,20}$' },
              description: 'the id of the last event received',
            },
          ],
          responses: {
            200: {
              description:
                'text/event-stream: events `conversation` (id, data {id, type, name, conversationId, revision, data}), `ready` (id), `message` (data {conversationId, type})',
              content: { 'text/event-stream': { schema: { type: 'string' } } },
            },
            ...errors,
          },
        },
      ),
    },
    '/v1/conversations': {
      get: op('List conversations, newest activity first', 'any', {
        parameters: queryOf(ConversationListQuery),
        responses: {
          200: json(
            {
              type: 'object',
              properties: {
                items: { type: 'array', items: ref('Conversation') },
                nextCursor: { type: ['string', 'null'] },
              },
            },
            'a page of conversations',
          ),
          ...errors,
        },
      }),
    },
    '/v1/conversations/{id}': {
      get: op('One conversation: driver, handoff, rep, meeting, opt-out, last activity', 'any', {
        parameters: [id],
        responses: { 200: json(ref('Conversation'), 'the conversation'), ...errors },
      }),
    },
    '/v1/conversations/{id}/messages': {
      get: op('The transcript, each message with its author and delivery status', 'any', {
        parameters: [id],
        responses: {
          200: json(
            { type: 'object', properties: { messages: { type: 'array', items: ref('TranscriptLine') } } },
            'the transcript',
          ),
          ...errors,
        },
      }),
      post: op('A rep sends in the thread; the AI is fenced off at once', 'rep (as themself), supervisor', {
        parameters: [
          id,
          {
            name: 'Idempotency-Key',
            in: 'header',
            schema: { type: 'string' },
            description: 'a retried request with the same key sends once',
          },
        ],
        requestBody: bodyOf(RepMessageBody),
        responses: {
          202: json(
            {
              type: 'object',
              properties: { sendId: { type: 'string' }, kind: { type: 'string', enum: ['send', 'block', 'defer'] } },
            },
            "the gate's verdict",
          ),
          ...errors,
        },
      }),
    },
    '/v1/conversations/{id}/calls': {
      post: op(
        'The AI calls the lead (over Twilio ConversationRelay), under the call rules: call consent, opt-out, quiet hours, at most 3 calls in 24 h in FL, OK and MD',
        'rep, supervisor',
        {
          parameters: [
            id,
            {
              name: 'Idempotency-Key',
              in: 'header',
              schema: { type: 'string' },
              description: 'a retried request with the same key places one call',
            },
          ],
          requestBody: bodyOf(PlaceCallBody),
          responses: {
            201: json(
              { type: 'object', properties: { callSid: { type: 'string' }, repeated: { type: 'boolean' } } },
              'the call is placed',
            ),
            ...errors,
            409: problem(
              'a call rule refused it; code is opted_out, no_consent, quiet_hours, call_limit, not_ai_driven or provider_refused',
            ),
            503: problem('Twilio is not configured'),
          },
        },
      ),
    },
    '/v1/conversations/{id}/brief': {
      get: op(
        'The latest rep brief: a 120-word summary and an opening line first, then every field citing the lead message it came from',
        'any',
        {
          parameters: [id, ...queryOf(BriefQuery)],
          responses: {
            200: {
              description:
                'the brief (Accept: application/json, text/markdown or text/html); JSON adds the delivery record and, with include=transcript, the transcript',
              content: {
                'application/json': {
                  schema: {
                    allOf: [
                      JSON.parse(JSON.stringify(Brief)) as Schema,
                      {
                        type: 'object',
                        properties: {
                          conversationId: { type: 'string' },
                          transcriptUrl: { type: 'string' },
                          deliveries: {
                            type: 'array',
                            items: {
                              type: 'object',
                              properties: {
                                kind: { type: 'string', enum: ['brief.ready', 'email'] },
                                repId: { type: 'string' },
                                status: {
                                  type: 'string',
                                  enum: ['pending', 'sending', 'sent', 'failed', 'skipped', 'waiting', 'unknown'],
                                },
                                attempts: { type: 'integer' },
                                lastError: { type: 'string' },
                              },
                            },
                          },
                          transcript: {
                            type: 'array',
                            items: {
                              type: 'object',
                              properties: {
                                id: { type: 'string' },
                                author: { type: 'string' },
                                text: { type: 'string' },
                                at: { type: 'string', format: 'date-time' },
                              },
                            },
                          },
                        },
                      },
                    ],
                  },
                },
                'text/markdown': { schema: { type: 'string' } },
                'text/html': { schema: { type: 'string' } },
              },
            },
            406: problem("none of the brief's media types is acceptable"),
            ...errors,
          },
        },
      ),
    },
    '/v1/conversations/{id}/events': {
      get: op("The conversation's stream, in order, as stored: the audit record", 'any', {
        parameters: [id],
        responses: { 200: json({ type: 'object' }, 'the events'), ...errors },
      }),
    },
    '/v1/commands/{commandId}': {
      get: op('What became of a conversation command (takeover, handback, pause, resume, close)', 'any', {
        parameters: [{ name: 'commandId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
        responses: { 200: json(commandOutcome, 'its outcome'), ...errors },
      }),
    },
    '/v1/conversations/{id}/takeover': {
      post: op(
        'A rep takes the conversation; the lead is told who is there. A claim never takes it from the rep who holds it: 409 held-by-another-rep, the detail naming that rep',
        'rep (as themself), supervisor',
        { parameters: [id, prefer], requestBody: bodyOf(TakeOverBody), responses: accepted },
      ),
    },
    '/v1/conversations/{id}/handback': {
      post: op('A rep hands the conversation back to the AI', 'rep (as themself), supervisor', {
        parameters: [id, prefer],
        requestBody: bodyOf(HandBackBody),
        responses: accepted,
      }),
    },
    '/v1/conversations/{id}/pause': {
      post: op('Nobody replies automatically', 'supervisor', {
        parameters: [id, prefer],
        requestBody: bodyOf(PauseBody),
        responses: accepted,
      }),
    },
    '/v1/conversations/{id}/resume': {
      post: op('Give a paused conversation back to the AI', 'supervisor', {
        parameters: [id, prefer],
        requestBody: bodyOf(ResumeBody),
        responses: accepted,
      }),
    },
    '/v1/conversations/{id}/close': {
      post: op('Close the conversation; a new lead message reopens it', 'supervisor', {
        parameters: [id, prefer],
        requestBody: bodyOf(CloseBody),
        responses: accepted,
      }),
    },
    '/v1/turns/{turnId}/reply': {
      post: op(
        "An external AI agent answers a granted turn (BATON_AGENT=external); it goes through the send gate under the turn's idempotency key",
        'agent',
        {
          parameters: [{ name: 'turnId', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: bodyOf(TurnReplyBody),
          responses: {
            202: json(
              {
                type: 'object',
                properties: {
                  turnId: { type: 'string' },
                  conversationId: { type: 'string' },
                  directive: { type: 'string' },
                },
              },
              'sent to the gate',
            ),
            ...errors,
          },
        },
      ),
    },
    '/v1/reps': {
      get: op("Your tenant's reps", 'supervisor, auditor, admin', {
        responses: {
          200: json({ type: 'object', properties: { items: { type: 'array', items: ref('Rep') } } }, 'the reps'),
          ...errors,
        },
      }),
    },
    '/v1/reps/{repId}': {
      get: op('One rep (a rep reads only themself)', 'rep (themself), supervisor, auditor, admin', {
        parameters: [repIdParam],
        responses: { 200: json(ref('Rep'), 'the rep'), ...errors },
      }),
      put: op(
        'Add or replace a rep: contact, zone, working hours, meeting length and buffers, territory, skills, calendar connection (secrets write-only; left out, they are kept)',
        'admin',
        {
          parameters: [repIdParam],
          requestBody: bodyOf(RepBody),
          responses: { 200: json(ref('Rep'), 'replaced'), 201: json(ref('Rep'), 'added'), ...errors },
        },
      ),
      delete: op('Remove a rep (their booked meetings stay)', 'admin', {
        parameters: [repIdParam],
        responses: { 204: { description: 'removed' }, ...errors },
      }),
    },
    '/v1/reps/{repId}/presence': {
      put: op(
        'A rep says whether they are at the console (available), busy or offline; outside working hours they count as offline',
        'rep (themself), admin',
        {
          parameters: [repIdParam],
          requestBody: bodyOf(PresenceBody),
          responses: { 200: json(ref('Rep'), 'the rep'), ...errors },
        },
      ),
    },
    '/v1/scheduling/policy': {
      get: op(
        "The tenant's scheduling policy: zone, routing (round_robin, least_loaded, territory, skill; a fallback), notice and horizon",
        'supervisor, auditor, admin',
        { responses: { 200: json({ type: 'object' }, 'the policy'), ...errors } },
      ),
      put: op('Set the scheduling policy (what is left out takes the defaults)', 'admin', {
        requestBody: bodyOf(SchedulingPolicyBody),
        responses: { 200: json({ type: 'object' }, 'the policy in force'), ...errors },
      }),
    },
    '/v1/meetings': {
      get: op('Meetings, soonest first (a rep sees only their own)', 'rep, supervisor, auditor, admin', {
        parameters: queryOf(MeetingsQuery),
        responses: {
          200: json(
            { type: 'object', properties: { items: { type: 'array', items: ref('Meeting') } } },
            'the meetings',
          ),
          ...errors,
        },
      }),
    },
    '/v1/meetings/{id}': {
      get: op('One meeting, with the state of its calendar sync', 'rep (their own), supervisor, auditor, admin', {
        parameters: [meetingIdParam],
        responses: { 200: json(ref('Meeting'), 'the meeting'), ...errors },
      }),
    },
    '/v1/meetings/{id}/invite.ics': {
      get: op(
        'The invite as iCalendar (kept for every meeting; also mailed when SMTP_URL is set)',
        'rep (their own), supervisor, auditor, admin',
        {
          parameters: [meetingIdParam],
          responses: {
            200: { description: 'text/calendar', content: { 'text/calendar': { schema: { type: 'string' } } } },
            ...errors,
          },
        },
      ),
    },
    '/v1/meetings/{id}/cancel': {
      post: op('Cancel a meeting; the calendar follows and the lead is told', 'rep (their own), supervisor, admin', {
        parameters: [meetingIdParam],
        requestBody: bodyOf(CancelMeetingBody),
        responses: meetingAnswer,
      }),
    },
    '/v1/meetings/{id}/reschedule': {
      post: op(
        'Move a meeting to a start the rep is free at; the calendar follows and the lead is told',
        'rep (their own), supervisor, admin',
        { parameters: [meetingIdParam], requestBody: bodyOf(RescheduleMeetingBody), responses: meetingAnswer },
      ),
    },
    '/v1/meetings/{id}/outcome': {
      post: op(
        'Attended or no-show, once the meeting has started (published for the show-rate KPI)',
        'rep (their own), supervisor, admin',
        { parameters: [meetingIdParam], requestBody: bodyOf(MeetingOutcomeBody), responses: meetingAnswer },
      ),
    },
    '/v1/numbers': {
      get: op("Your tenant's Baton numbers", 'any', {
        responses: { 200: json({ type: 'object' }, 'the numbers'), ...errors },
      }),
    },
    '/v1/numbers/{number}': {
      put: op('Register a Baton number to your tenant, with the vertical it serves (KPIs per vertical)', 'admin', {
        parameters: [
          { name: 'number', in: 'path', required: true, schema: { type: 'string', pattern: '^\\+[1-9]\\d{6,14}$' } },
        ],
        requestBody: bodyOf(RegisterNumberBody),
        responses: {
          200: json({ type: 'object' }, 'already yours'),
          201: json({ type: 'object' }, 'registered'),
          409: problem("another tenant's number"),
          ...errors,
        },
      }),
      delete: op('Release a number', 'admin', {
        parameters: [{ name: 'number', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { 204: { description: 'released' }, ...errors },
      }),
    },
    '/v1/webhook-endpoints': {
      get: op("Your tenant's webhook endpoints and what can be subscribed", 'supervisor, auditor, admin', {
        responses: {
          200: json(
            {
              type: 'object',
              properties: {
                items: { type: 'array', items: ref('WebhookEndpoint') },
                subscribable: { type: 'array', items: { type: 'string' } },
              },
            },
            'the endpoints',
          ),
          ...errors,
        },
      }),
      post: op('Register a URL for conversation events; the answer carries its whsec_ signing secret', 'admin', {
        requestBody: bodyOf(WebhookEndpointBody),
        responses: {
          201: json(
            { allOf: [ref('WebhookEndpoint'), { type: 'object', properties: { secret: { type: 'string' } } }] },
            'registered',
          ),
          ...errors,
        },
      }),
    },
    '/v1/webhook-endpoints/{id}': {
      delete: op('Remove an endpoint; waiting deliveries are cancelled', 'admin', {
        parameters: [{ ...id, description: 'the endpoint id' }],
        responses: { 204: { description: 'removed' }, ...errors },
      }),
    },
    '/v1/webhook-endpoints/{id}/secret': {
      get: op("The endpoint's signing secret", 'admin', {
        parameters: [{ ...id, description: 'the endpoint id' }],
        responses: {
          200: json({ type: 'object', properties: { secret: { type: 'string' } } }, 'the secret'),
          ...errors,
        },
      }),
    },
    '/v1/webhook-endpoints/{id}/deliveries': {
      get: op(
        'Deliveries to the endpoint, newest first; status=dead lists the dead-lettered',
        'supervisor, auditor, admin',
        {
          parameters: [{ ...id, description: 'the endpoint id' }, ...queryOf(DeliveriesQuery)],
          responses: {
            200: json(
              { type: 'object', properties: { items: { type: 'array', items: ref('Delivery') } } },
              'the deliveries',
            ),
            ...errors,
          },
        },
      ),
    },
    '/v1/webhook-endpoints/{id}/deliveries/{deliveryId}/redeliver': {
      post: op('Send a dead-lettered (or delivered) delivery again', 'admin', {
        parameters: [
          { ...id, description: 'the endpoint id' },
          { name: 'deliveryId', in: 'path', required: true, schema: { type: 'string' } },
        ],
        responses: { 202: json({ type: 'object' }, 'queued'), ...errors },
      }),
    },
    '/v1/dev/leads/{phone}/messages': {
      post: op('Play a lead on the dev channel (no Twilio account)', 'any but auditor', {
        parameters: [{ name: 'phone', in: 'path', required: true, schema: { type: 'string', format: 'e164' } }],
        requestBody: bodyOf(DevLeadMessageBody),
        responses: { 202: json({ type: 'object' }, 'taken'), ...errors },
      }),
    },
    '/v1/dev/outbox': {
      get: op('What the dev channel would have sent', 'any', {
        parameters: queryOf(DevOutboxQuery),
        responses: { 200: json({ type: 'object' }, 'the outbox'), ...errors },
      }),
    },
    '/v1/audit/conversations/{id}/timeline': {
      get: op(
        'The conversation replayed from the event store: who drove it, when and why, its signals with their evidence, what went out and what was blocked; compared with the live state and the audit log. JSON, or HTML with Accept: text/html',
        'auditor, supervisor',
        {
          parameters: [id],
          responses: {
            200: {
              description: 'the timeline',
              content: {
                'application/json': { schema: { type: 'object' } },
                'text/html': { schema: { type: 'string' } },
              },
            },
            ...errors,
          },
        },
      ),
    },
    '/v1/audit/export': {
      get: op(
        "Your tenant's audit records with their chain hashes, streamed; verify offline with npm run audit -- verify --file",
        'auditor, supervisor',
        {
          parameters: queryOf(AuditExportQuery),
          responses: {
            200: {
              description: 'one record a line (JSON lines), or CSV',
              content: {
                'application/x-ndjson': { schema: { type: 'string' } },
                'text/csv': { schema: { type: 'string' } },
              },
            },
            ...errors,
          },
        },
      ),
    },
    '/v1/audit/checkpoints': {
      get: op(
        "Your tenant's signed checkpoints (chain head, count, time; Ed25519), newest first",
        'auditor, supervisor',
        {
          responses: {
            200: json(
              { type: 'object', properties: { items: { type: 'array', items: { type: 'object' } } } },
              'the checkpoints',
            ),
            ...errors,
          },
        },
      ),
    },
    '/v1/kpis': {
      get: op(
        'Handoff KPIs from the audit log: handoff rate, trigger-to-engagement p50/p90, lead-felt handoff, show rate, re-question rate, complaints after handoff, AI messages blocked by reason',
        'auditor, supervisor',
        {
          parameters: queryOf(KpiQuery),
          responses: {
            200: json(
              { type: 'object', properties: { rows: { type: 'array', items: { type: 'object' } } } },
              'one row per group',
            ),
            ...errors,
          },
        },
      ),
    },
    '/v1/leads/{phone}/erase': {
      post: op(
        "Erase a lead's personal data from the audit log by crypto-shredding its keys; the chain stays verifiable",
        'admin',
        {
          parameters: [
            { name: 'phone', in: 'path', required: true, schema: { type: 'string', pattern: '^\\+[1-9]\\d{6,14}$' } },
          ],
          requestBody: bodyOf(EraseLeadBody),
          responses: {
            200: json(
              {
                type: 'object',
                properties: {
                  leadRef: { type: 'string' },
                  conversations: { type: 'integer' },
                  keysShredded: { type: 'integer' },
                },
              },
              'erased',
            ),
            ...errors,
          },
        },
      ),
    },
    '/v1/openapi.json': {
      get: { summary: 'This document', security: [], responses: { 200: json({ type: 'object' }, 'OpenAPI 3.1') } },
    },
    '/webhooks/twilio/sms': {
      post: {
        summary: "Inbound SMS in Twilio's format; X-Twilio-Signature is checked against BATON_PUBLIC_URL",
        security: [],
        requestBody: formOf(TwilioInboundSms),
        responses: {
          200: { description: 'empty TwiML; the work happens after' },
          ...webhookErrors,
          404: problem('no tenant owns the number (recorded), or Twilio is not configured'),
        },
      },
    },
    '/webhooks/twilio/voice': {
      post: {
        summary:
          'A call: inbound from a lead, or the answer of an outbound AI call. TwiML connects it to the AI over ConversationRelay (wss://<public host>/relay), whose first words say it is an AI (signed)',
        security: [],
        requestBody: formOf(TwilioVoiceCall),
        responses: {
          200: { description: 'TwiML', content: { 'text/xml': { schema: { type: 'string' } } } },
          ...webhookErrors,
          404: problem('no tenant owns the number (recorded), or Twilio is not configured'),
        },
      },
    },
    '/webhooks/twilio/voice/relay-ended': {
      post: {
        summary:
          "ConversationRelay's Connect action: after a warm transfer's end (handoffData) the lead waits in the transfer's conference (signed)",
        security: [],
        requestBody: formOf(TwilioVoiceCall),
        responses: {
          200: { description: 'TwiML', content: { 'text/xml': { schema: { type: 'string' } } } },
          ...webhookErrors,
          404: problem('no tenant owns the number (recorded), or Twilio is not configured'),
        },
      },
    },
    '/webhooks/twilio/voice/whisper': {
      post: {
        summary:
          "A warm transfer's rep leg answered: the whisper the lead does not hear and the key to join (query transfer, attempt; signed)",
        security: [],
        requestBody: formOf(TwilioVoiceCall),
        responses: {
          200: { description: 'TwiML', content: { 'text/xml': { schema: { type: 'string' } } } },
          ...webhookErrors,
          404: problem('no tenant owns the number (recorded), or Twilio is not configured'),
        },
      },
    },
    '/webhooks/twilio/voice/rep-accept': {
      post: {
        summary: 'What the rep pressed after the whisper: join the conference, or decline (signed)',
        security: [],
        requestBody: formOf(TwilioVoiceCall),
        responses: {
          200: { description: 'TwiML', content: { 'text/xml': { schema: { type: 'string' } } } },
          ...webhookErrors,
          404: problem('no tenant owns the number (recorded), or Twilio is not configured'),
        },
      },
    },
    '/webhooks/twilio/voice/status': {
      post: {
        summary:
          'Call, conference, participant and recording status callbacks (query transfer and role for a warm transfer; signed): call events',
        security: [],
        requestBody: formOf(TwilioVoiceStatus),
        responses: { 204: { description: 'taken' }, ...webhookErrors, 404: problem('Twilio is not configured') },
      },
    },
    '/webhooks/twilio/status': {
      post: {
        summary: "Twilio's delivery status callbacks (signed)",
        security: [],
        requestBody: formOf(TwilioStatusCallback),
        responses: {
          204: { description: 'applied once, never backwards' },
          ...webhookErrors,
          404: problem('Twilio is not configured'),
        },
      },
    },
    '/healthz': { get: { summary: 'Liveness', security: [], responses: { 200: { description: 'alive' } } } },
    '/readyz': {
      get: {
        summary: 'Readiness: database, store, bus and consumers up',
        security: [],
        responses: { 200: { description: 'ready' }, 503: { description: 'not ready (or draining)' } },
      },
    },
    '/metrics': {
      get: {
        summary: 'Prometheus metrics',
        security: [],
        responses: { 200: { description: 'text exposition format' } },
      },
    },
  },
  webhooks: {
    conversationEvent: {
      post: {
        summary: 'A conversation event or brief.ready your endpoint subscribed to, as its CloudEvent',
        description:
          'Signed per Standard Webhooks: verify webhook-signature (v1,<base64 HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<body>" with the whsec_ secret). ' +
          'Retried with backoff until a 2xx (redirects are not followed), then dead-lettered; dedupe on webhook-id.',
        parameters: ['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((name) => ({
          name,
          in: 'header',
          required: true,
          schema: { type: 'string' },
        })),
        requestBody: {
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  type: { type: 'string', enum: subscribable },
                  id: { type: 'string' },
                  subject: { type: 'string' },
                  tenantid: { type: 'string' },
                  time: { type: 'string' },
                  data: { type: 'object' },
                },
              },
            },
          },
        },
        responses: { 200: { description: 'received (any 2xx)' } },
      },
    },
  },
} as const;
