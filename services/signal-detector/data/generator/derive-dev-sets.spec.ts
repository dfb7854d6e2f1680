import { devConversations, withTypos } from './derive-dev-sets';

const row = (conversation: string, context: { from: string; text: string }[], text: string, labels: string[]) => ({
  conversation,
  context,
  text,
  labels,
});

describe('the sets derived from the dev split', () => {
  it('plays each conversation whole, the handoff due at its first lead text with a handoff signal', () => {
    const first = [{ from: 'ai', text: 'Buying or refinancing?' }];
    const second = [...first, { from: 'lead', text: 'refi' }, { from: 'ai', text: 'Your balance?' }];
    const [played] = devConversations([
      row('c1', second, 'just have someone call me', ['explicit_request']),
      row('c1', first, 'refi', []),
    ]);
    expect(played).toEqual({
      id: 'c1',
      turns: [...second, { from: 'lead', text: 'just have someone call me' }],
      handoff_turn: 3,
    });
    expect(devConversations([row('c2', [], 'are you a bot?', ['identity_question'])])[0]!.handoff_turn).toBeNull();
  });

  it('mistypes the same words for the same seed, and keeps labels and context', () => {
    const rows = [
      row('c1', [], 'could someone please call me tomorrow afternoon about the estimate', ['explicit_request']),
    ];
    const once = withTypos(rows, 1);
    expect(withTypos(rows, 1)).toEqual(once);
    expect(once[0]).toMatchObject({ labels: ['explicit_request'], context: [] });
    expect(once[0]!.text.split(' ')).toHaveLength(rows[0]!.text.split(' ').length);
  });
});
