/**
 * 创建直播间 (merchants): name, anchor, start and end (a date-time picker), an optional store. WeChat's limits show as
 * hints while the merchant types (start at least 10 minutes ahead and within 6 months, 30 minutes to 24 hours long,
 * a name of 3 to 17 Chinese characters); the server and WeChat decide, and their refusal is shown on the form.
 * Created: the room's page replaces this one.
 */
import { ComponentWithStore } from 'mobx-miniprogram-bindings';
import type { DetailEvent } from '../../../../utils/events';
import { toast, toastSuccess } from '../../../../utils/wx';
import { ANCHOR_NAME_MAX, liveRoomForm, ROOM_NAME_MAX } from '../../stores/live-rooms';
import { ROOM_LIMITS } from '../../utils/live';

type PickerTarget = 'start' | 'end';

ComponentWithStore({
  data: {
    nameMax: ROOM_NAME_MAX,
    anchorMax: ANCHOR_NAME_MAX,
    pickerShow: false,
    pickerTarget: 'start' as PickerTarget,
    pickerValue: 0,
    pickerMin: 0,
    pickerMax: 0,
  },
  storeBindings: {
    store: liveRoomForm,
    fields: ['name', 'anchorName', 'storeId', 'hints', 'serverError', 'submitting', 'startText', 'endText', 'lengthText', 'storeName', 'storeOptions'],
    actions: {},
  },
  methods: {
    onLoad() {
      void liveRoomForm.start();
    },
    onNameInput(e: DetailEvent<string>) {
      liveRoomForm.set('name', e.detail);
    },
    onAnchorInput(e: DetailEvent<string>) {
      liveRoomForm.set('anchorName', e.detail);
    },
    onStorePick(e: DetailEvent<{ value: string | number }>) {
      const option = liveRoomForm.storeOptions[Number(e.detail.value)];
      if (option) liveRoomForm.set('storeId', option.id);
    },
    /** The picker opens on the field's time, bounded by WeChat's limits from now (start) or from the start (end). */
    onOpenPicker(e: { currentTarget: { dataset: { target: PickerTarget } } }) {
      const target = e.currentTarget.dataset.target;
      const now = Date.now();
      const start = liveRoomForm.startTime;
      const [min, max] =
        target === 'start'
          ? [now + ROOM_LIMITS.minLeadMs, now + ROOM_LIMITS.maxLeadMs]
          : [start + ROOM_LIMITS.minDurationMs, start + ROOM_LIMITS.maxDurationMs];
      const value = target === 'start' ? start : liveRoomForm.endTime;
      this.setData({ pickerShow: true, pickerTarget: target, pickerMin: min, pickerMax: max, pickerValue: Math.min(max, Math.max(min, value)) });
    },
    onPickerConfirm(e: DetailEvent<number>) {
      const ms = Number(e.detail);
      if (Number.isFinite(ms)) {
        if (this.data.pickerTarget === 'start') liveRoomForm.setStart(ms);
        else liveRoomForm.setEnd(ms);
      }
      this.setData({ pickerShow: false });
    },
    onClosePicker() {
      this.setData({ pickerShow: false });
    },
    async onSubmit() {
      const result = await liveRoomForm.submit();
      if (!result.ok) {
        // The server's refusal stays on the form; what the page refused itself (a field left empty) is a toast.
        if (!liveRoomForm.serverError) toast(result.message);
        return;
      }
      toastSuccess('已创建');
      void wx.redirectTo({ url: `/packages/merchant/pages/live-room/index?roomId=${encodeURIComponent(result.roomId ?? '')}` });
    },
  },
});
