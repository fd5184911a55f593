/**
 * The verifiable lottery, checked on the shopper's phone (pure, no wx). As typings/api.ts documents `Lottery`:
 * - the `commitment` published at the start is hex SHA-256 of the UTF-8 text of the `seed` revealed at the draw;
 * - the winners are the participants' tickets sorted by hex SHA-256("<seed>:<ticket>") ascending (ties by ticket),
 *   the first `winnerCount` of them.
 * So anyone holding the seed and the ticket list can recompute the winners, and the seed cannot have been chosen
 * after the tickets were known (it would not match the commitment).
 */
import type { Lottery } from '../../typings/api';
import { sha256 } from './sha256';

/** The winning tickets in draw order, recomputed from the seed and the ticket list (a ticket listed twice counts once). */
export function drawWinners(seed: string, tickets: readonly string[], count: number): string[] {
  return [...new Set(tickets)]
    .map((ticket) => ({ ticket, key: sha256(`${seed}:${ticket}`) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.ticket < b.ticket ? -1 : a.ticket > b.ticket ? 1 : 0))
    .slice(0, Math.max(0, Math.floor(count)))
    .map((x) => x.ticket);
}

export interface LotteryCheck {
  /** Every check passed. */
  ok: boolean;
  /** SHA-256(seed) equals the commitment published at the start. */
  commitmentOk: boolean;
  /** The winners recomputed from the seed and the tickets are the winners announced, in the same order. */
  winnersOk: boolean;
  /** The ticket list holds as many tickets as there were participants. */
  countOk: boolean;
  /** The caller's ticket is on the list (null when the caller did not join). */
  myTicketListed: boolean | null;
  /** The winning tickets as recomputed here. */
  recomputed: string[];
  /** What the shopper reads. */
  message: string;
}

const normal = (hex: string): string => hex.trim().toLowerCase();

/** Checks a drawn lottery as the server reported it. Before the draw there is nothing to check yet. */
export function verifyLottery(lottery: Lottery): LotteryCheck {
  const { seed, tickets } = lottery;
  if (lottery.status !== 'drawn' || seed === null || tickets === null) {
    return { ok: false, commitmentOk: false, winnersOk: false, countOk: false, myTicketListed: null, recomputed: [], message: '开奖后才能验证' };
  }
  const commitmentOk = sha256(seed) === normal(lottery.commitment);
  const recomputed = drawWinners(seed, tickets, lottery.winnerCount);
  const announced = lottery.winners.map((w) => w.ticket);
  const winnersOk = recomputed.length === announced.length && recomputed.every((t, i) => t === announced[i]);
  const countOk = new Set(tickets).size === lottery.participants;
  const myTicketListed = lottery.myTicket === null ? null : tickets.includes(lottery.myTicket);
  const ok = commitmentOk && winnersOk && countOk && myTicketListed !== false;
  let message = '验证通过：开奖种子与开奖前公布的承诺一致，中奖名单可由种子和全部抽奖码重新算出';
  if (!commitmentOk) message = '验证失败：开奖种子的 SHA-256 与开奖前公布的承诺不一致';
  else if (!winnersOk) message = '验证失败：按种子重新计算的中奖名单与公布的不一致';
  else if (!countOk) message = '验证失败：抽奖码名单与参与人数不一致';
  else if (myTicketListed === false) message = '验证失败：你的抽奖码不在参与名单中';
  return { ok, commitmentOk, winnersOk, countOk, myTicketListed, recomputed, message };
}
