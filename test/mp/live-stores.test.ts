/**
 * The live stores over a fake backend, where timing matters: the room's lottery countdown reads the server's clock
 * (a phone running slow is moved forward by the server's own stamps), a lottery past its end is asked for every few
 * seconds and then less often until drawn, a live room is read again every minute; the list takes the reminder
 * template and each room's 已预约 from its own pages.
 */
import type { LiveRoomDetail } from '../../typings/api';
import { connectStores, fakeBackend, flush } from './support/fake-backend';
import { drawnLottery, room, roomDetail, roomPage, runningLottery } from './support/live-data';

type RoomModule = typeof import('../../miniprogram/packages/live/stores/room');
type SessionModule = typeof import('../../miniprogram/packages/live/stores/session');
type ListModule = typeof import('../../miniprogram/packages/live/stores/room-list');

const MIN = 60_000;

function roomStore(detail: () => LiveRoomDetail, lottery = () => drawnLottery(['a', 'b'], null), phone = { now: 0 }) {
  const backend = fakeBackend({ live: { room: detail, lottery } });
  connectStores(backend);
  const { LiveRoomStore } = require('../../miniprogram/packages/live/stores/room') as RoomModule;
  const { LiveSessionStore } = require('../../miniprogram/packages/live/stores/session') as SessionModule;
  return { backend, store: new LiveRoomStore(new LiveSessionStore(), () => phone.now), phone };
}

test('a phone running 10 minutes slow: the countdown follows the server (its lottery started before the phone says now)', async () => {
  const serverNow = 1_800_000_000_000;
  const phone = { now: serverNow - 10 * MIN };
  const lottery = runningLottery({ startedAt: serverNow - 1000, endsAt: serverNow + 5 * MIN });
  const { store } = roomStore(() => roomDetail('r-1', { lottery }), undefined, phone);
  await store.load('r-1');
  store.tick();
  // Not 15:00 (the phone's reading): the server's start is a lower bound of its clock.
  expect(store.lottery?.countdown).toBe('05:01');
  expect(store.lottery?.canJoin).toBe(true);
});

test('past its end: 开奖中, asked every 3 s for the first 20 s, then every 10 s, until drawn', async () => {
  const endsAt = 1_800_000_000_000;
  const phone = { now: endsAt + 1000 };
  let calls = 0;
  const running = runningLottery({ startedAt: endsAt - 10 * MIN, endsAt });
  const drawn = drawnLottery(['a', 'b'], null);
  const { store, backend } = roomStore(
    () => roomDetail('r-1', { status: 'ended', lottery: running }),
    () => {
      calls += 1;
      return calls < 6 ? { ...running, status: 'drawing' } : drawn;
    },
    phone,
  );
  await store.load('r-1');
  const tickAt = async (t: number) => {
    phone.now = t;
    store.tick();
    await flush();
  };
  await tickAt(endsAt + 1000);
  expect(store.lottery?.statusText).toBe('开奖中');
  expect(store.lottery?.canJoin).toBe(false);
  expect(backend.payloads('live.lottery')).toHaveLength(1);
  await tickAt(endsAt + 2000);
  expect(backend.payloads('live.lottery')).toHaveLength(1);
  await tickAt(endsAt + 4000);
  expect(backend.payloads('live.lottery')).toHaveLength(2);
  await tickAt(endsAt + 25_000);
  expect(backend.payloads('live.lottery')).toHaveLength(3);
  await tickAt(endsAt + 30_000);
  expect(backend.payloads('live.lottery')).toHaveLength(3);
  await tickAt(endsAt + 35_000);
  await tickAt(endsAt + 45_000);
  await tickAt(endsAt + 55_000);
  expect(backend.payloads('live.lottery')).toHaveLength(6);
  expect(store.lottery?.statusText).toBe('已开奖');
  await tickAt(endsAt + 120_000);
  expect(backend.payloads('live.lottery')).toHaveLength(6);
});

test('a live room is read again every minute while shown; a verification is dropped when another lottery arrives', async () => {
  const start = 1_800_000_000_000;
  const phone = { now: start };
  let lottery = drawnLottery(['a', 'b', 'c'], null);
  const { store, backend } = roomStore(() => roomDetail('r-1', { status: 'live', startTime: start - MIN, lottery }), undefined, phone);
  await store.load('r-1');
  expect(store.verify()?.ok).toBe(true);
  expect(store.check?.ok).toBe(true);
  phone.now = start + 30_000;
  store.tick();
  await flush();
  expect(backend.payloads('live.room')).toHaveLength(1);
  lottery = { ...runningLottery(), lotteryId: 'lot-2' };
  phone.now = start + 61_000;
  store.tick();
  await flush();
  await flush();
  expect(backend.payloads('live.room')).toHaveLength(2);
  expect(store.lottery?.lotteryId).toBe('lot-2');
  expect(store.check).toBeNull();
});

test('the list takes the reminder template and each room\'s 已预约 from its pages, without asking live.room', async () => {
  let template: string | null = 'tmpl-x';
  const backend = fakeBackend({
    live: {
      rooms: (p) => roomPage(
        p.status === 'upcoming' ? [room('u-1', { status: 'upcoming', reminded: true }), room('u-2', { status: 'upcoming' })] : [room('r-1', { reminded: true })],
        { reminderTemplateId: template },
      ),
    },
  });
  connectStores(backend);
  const { LiveRoomListStore } = require('../../miniprogram/packages/live/stores/room-list') as ListModule;
  const { LiveSessionStore } = require('../../miniprogram/packages/live/stores/session') as SessionModule;
  const session = new LiveSessionStore();
  const list = new LiveRoomListStore(session);
  expect(list.reminderTemplateId).toBeNull();
  await list.reset('live', null);
  expect(list.reminderTemplateId).toBe('tmpl-x');
  // A live room the shopper had asked for: true whatever the phase.
  expect(session.isReminded('r-1')).toBe(true);
  await list.reset('upcoming');
  expect(session.isReminded('u-1')).toBe(true);
  expect(session.isReminded('u-2')).toBe(false);
  // The shop dropped its template: the next page says so.
  template = null;
  await list.refresh();
  expect(list.reminderTemplateId).toBeNull();
  expect(backend.payloads('live.room')).toEqual([]);
});
