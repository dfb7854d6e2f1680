import { asksForACall } from './call-move';

describe("the agent's call move", () => {
  it.each(['can you call me?', 'Could someone please call me', 'just call me', 'give me a ring', "I'd rather a call"])(
    'hears "%s" as asking to be called',
    (text) => expect(asksForACall(text)).toBe(true),
  );
  it.each([
    "don't call me, text only",
    'call me later tonight',
    'I missed your call',
    'what does it cost?',
    'never phone me',
  ])('does not hear "%s" as asking to be called now', (text) => expect(asksForACall(text)).toBe(false));
});
