/**
 * 分销设置 (merchants): DistributionSettings, each change saved at once. Rates are shown and stepped as percentages
 * and sent as basis points; the minimum withdrawal is stepped in yuan and sent as fen. A value the server refuses
 * shows its message and the page goes back to what is saved.
 */
import { ComponentWithStore } from 'mobx-miniprogram-bindings';
import type { DistributionSettings } from '../../../../../typings/api';
import type { DetailEvent } from '../../../../utils/events';
import { toast } from '../../../../utils/wx';
import { distSettings } from '../../stores/distribution';
import { bpsToPercent, percentToBps } from '../../utils/merchant';

type Key = keyof DistributionSettings;
type KeyEvent<T> = DetailEvent<T> & { currentTarget: { dataset: { key: Key } } };

ComponentWithStore({
  data: { tier1: 0, tier2: 0, minYuan: 0 },
  storeBindings: { store: distSettings, fields: ['settings', 'loading', 'error', 'saving'], actions: { onRetry: 'load' } },
  methods: {
    onLoad() {
      void distSettings.load().then(() => this.showNumbers());
    },
    /** The steppers' numbers from what is saved (percent, yuan). */
    showNumbers() {
      const s = distSettings.settings;
      if (!s) return;
      this.setData({ tier1: Number(bpsToPercent(s.tier1Bps)), tier2: Number(bpsToPercent(s.tier2Bps)), minYuan: s.minWithdraw / 100 });
    },
    async save(patch: Partial<DistributionSettings>) {
      const result = await distSettings.save(patch);
      if (!result.ok) toast(result.message);
      this.showNumbers();
    },
    onSwitch(e: KeyEvent<boolean>) {
      void this.save({ [e.currentTarget.dataset.key]: !!e.detail });
    },
    onInt(e: KeyEvent<number | string>) {
      const value = Math.round(Number(e.detail));
      if (Number.isFinite(value) && distSettings.settings?.[e.currentTarget.dataset.key] !== value) void this.save({ [e.currentTarget.dataset.key]: value });
    },
    onPercent(e: KeyEvent<number | string>) {
      const bps = percentToBps(String(e.detail));
      if (bps === null) return;
      if (distSettings.settings?.[e.currentTarget.dataset.key] !== bps) void this.save({ [e.currentTarget.dataset.key]: bps });
    },
    onMinWithdraw(e: DetailEvent<number | string>) {
      const fen = Math.round(Number(e.detail) * 100);
      if (Number.isFinite(fen) && fen !== distSettings.settings?.minWithdraw) void this.save({ minWithdraw: fen });
    },
    onBindMode(e: DetailEvent<DistributionSettings['bindMode']>) {
      void this.save({ bindMode: e.detail });
    },
    onPayout(e: DetailEvent<DistributionSettings['payout']>) {
      void this.save({ payout: e.detail });
    },
  },
});
