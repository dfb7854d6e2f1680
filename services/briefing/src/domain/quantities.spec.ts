import { formatMoney, moneyIn, percentsIn, statedValues } from './quantities';

const amounts = (text: string) => moneyIn(text).map((m) => formatMoney(m));

describe('money as leads text it', () => {
  it.each([
    ['like 310k', ['about $310,000']],
    ['budget is $1.2M', ['$1,200,000']],
    ['somewhere 250-300k', ['$250,000-$300,000']],
    ['want the payment under 450 a month', ['up to $450/mo']],
    ['we make about 130k together', ['about $130,000']],
    ['was paying 4,800 a year', ['$4,800/yr']],
    ['350 grand', ['$350,000']],
    ['half a mil', ['$500,000']],
  ])('%s', (text, expected) => expect(amounts(text)).toEqual(expected));

  it.each([
    'a 2019 honda',
    'end of q2',
    'need 4x4 and a tow package',
    'call me after 5',
    '3 bed 2 bath',
    'about 2400 sq ft',
    '2x what we budgeted',
    '8kw system',
  ])('is not money by itself: %s', (text) =>
    expect(
      moneyIn(text)
        .filter((m) => m.explicit)
        .map((m) => formatMoney(m)),
    ).toEqual([]),
  );

  it('reads percents and their ranges', () => {
    expect(percentsIn('im at 7.4% from 2023').map((p) => p.value)).toEqual([7.4]);
    expect(percentsIn('20 percent down, or 10-15%').map((p) => [p.value, p.to])).toEqual([
      [20, undefined],
      [10, 15],
    ]);
  });

  it('states every number a claim rests on, money expanded', () => {
    expect(statedValues('closer to 350k')).toEqual(expect.arrayContaining([350_000]));
    expect(statedValues('credit 748')).toEqual([748]);
  });
});
