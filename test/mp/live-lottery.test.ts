/**
 * utils/lottery.ts, the draw checked on the phone: the winners are recomputed exactly as typings/api.ts documents
 * `Lottery` (a reference written with node's crypto in support/live-data.ts), an honest draw verifies, and a tampered
 * seed, winner list or ticket list - or a ticket list without mine - fails and says which.
 */
import fc from 'fast-check';
import { drawWinners, verifyLottery } from '../../miniprogram/utils/lottery';
import { drawnLottery, LOTTERY_SEED, nodeSha256, referenceWinners, runningLottery, ticketOf } from './support/live-data';

describe('lottery', () => {
  const openids = Array.from({ length: 12 }, (_, i) => `viewer-${i}`);

  test('drawWinners is the documented rule: sorted by SHA-256("<seed>:<ticket>"), the first winnerCount', () => {
    const tickets = openids.map((o) => ticketOf('lot-1', o));
    for (const count of [0, 1, 3, 12, 20]) expect(drawWinners(LOTTERY_SEED, tickets, count)).toEqual(referenceWinners(LOTTERY_SEED, tickets, count));
    // The order the tickets come in does not matter; a ticket listed twice counts once.
    expect(drawWinners(LOTTERY_SEED, [...tickets].reverse().concat(tickets[0]), 3)).toEqual(referenceWinners(LOTTERY_SEED, tickets, 3));
  });

  test('random seeds and ticket lists agree with the reference', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 70 }), fc.uniqueArray(fc.stringMatching(/^[0-9a-f]{16}$/), { maxLength: 30 }), fc.integer({ min: 0, max: 10 }), (seed, tickets, n) => {
        expect(drawWinners(seed, tickets, n)).toEqual(referenceWinners(seed, tickets, n));
      }),
      { numRuns: 100 },
    );
  });

  test('an honest draw verifies: the commitment matches and the winners are recomputed', () => {
    const lottery = drawnLottery(openids, 'viewer-3');
    const check = verifyLottery(lottery);
    expect(check).toMatchObject({ ok: true, commitmentOk: true, winnersOk: true, countOk: true, myTicketListed: true });
    expect(check.recomputed).toEqual(lottery.winners.map((w) => w.ticket));
    expect(check.message).toContain('验证通过');
  });

  test('a tampered seed, winner list, ticket list or a missing ticket of mine fails, saying which', () => {
    const honest = drawnLottery(openids, 'viewer-3');
    const otherSeed = nodeSha256('another seed');
    expect(verifyLottery({ ...honest, seed: otherSeed })).toMatchObject({ ok: false, commitmentOk: false });
    expect(verifyLottery({ ...honest, seed: otherSeed }).message).toContain('承诺不一致');
    // A seed chosen after the tickets were known, with a commitment to match, still has to match the published one.
    const swapped = [...honest.winners].reverse();
    expect(verifyLottery({ ...honest, winners: swapped })).toMatchObject({ ok: false, commitmentOk: true, winnersOk: false });
    const loser = honest.tickets!.find((t) => !honest.winners.some((w) => w.ticket === t))!;
    expect(verifyLottery({ ...honest, winners: [{ nickname: '托', ticket: loser }, ...honest.winners.slice(1)] }).message).toContain('中奖名单与公布的不一致');
    expect(verifyLottery({ ...honest, participants: honest.participants + 1 })).toMatchObject({ ok: false, countOk: false });
    const mine = honest.myTicket!;
    const without = honest.tickets!.filter((t) => t !== mine);
    const redrawn = referenceWinners(LOTTERY_SEED, without, honest.winnerCount);
    const check = verifyLottery({ ...honest, tickets: without, participants: without.length, winners: redrawn.map((t) => ({ nickname: 'x', ticket: t })) });
    expect(check).toMatchObject({ ok: false, winnersOk: true, myTicketListed: false });
    expect(check.message).toContain('不在参与名单中');
  });

  test('a commitment in upper case still verifies; before the draw there is nothing to verify', () => {
    const honest = drawnLottery(openids, null);
    expect(verifyLottery({ ...honest, commitment: honest.commitment.toUpperCase() }).ok).toBe(true);
    expect(verifyLottery({ ...honest }).myTicketListed).toBeNull();
    expect(verifyLottery(runningLottery())).toMatchObject({ ok: false, message: '开奖后才能验证' });
  });
});
