/** @zos/interaction: toasts, modals, keys, crown, gestures. Follows `@zeppos/device-types` 4.0. */
import { type Callback, type ZosHost } from './host.js';

export const INTERACTION_CONSTANTS = {
  GESTURE_UP: 1,
  GESTURE_DOWN: 2,
  GESTURE_LEFT: 3,
  GESTURE_RIGHT: 4,
  KEY_BACK: 8,
  KEY_SELECT: 13,
  KEY_HOME: 36,
  KEY_UP: 38,
  KEY_DOWN: 40,
  KEY_SHORTCUT: 48,
  KEY_EVENT_CLICK: 1,
  KEY_EVENT_LONG_PRESS: 2,
  KEY_EVENT_DOUBLE_CLICK: 3,
  KEY_EVENT_PRESS: 4,
  KEY_EVENT_RELEASE: 5,
  MODAL_CONFIRM: 1,
  MODAL_CANCEL: 0,
  WRIST_MOTION_LIFT: 1,
  WRIST_MOTION_LOWER: 2,
  WRIST_MOTION_FLIP: 3,
} as const;

export function createInteraction(host: ZosHost) {
  const { api } = host;
  const cb = (o: unknown): Callback | undefined => {
    if (typeof o === 'function') return o as Callback;
    if (o && typeof o === 'object' && typeof (o as { callback?: unknown }).callback === 'function') {
      return (o as { callback: Callback }).callback;
    }
    return undefined;
  };
  function onKey(option: { callback: (key: number, event: number) => boolean }): void;
  function onKey(callback: (key: number, event: number) => boolean): void;
  function onKey(o: unknown): void {
    host.keyHandler = cb(o);
  }
  function onDigitalCrown(option: { callback: (key: number, degree: number) => void }): void;
  function onDigitalCrown(callback: (key: number, degree: number) => void): void;
  function onDigitalCrown(o: unknown): void {
    host.crownHandler = cb(o);
  }
  function onGesture(option: { callback: (event: number) => boolean }): void;
  function onGesture(callback: (event: number) => boolean): void;
  function onGesture(o: unknown): void {
    host.gestureHandler = cb(o);
  }
  return {
    ...INTERACTION_CONSTANTS,
    showToast(option: { content: string }): void {
      const content = String(option?.content ?? '');
      api.system.toasts.push({ t: api.now(), content });
      api.event('toast', { content });
    },
    createModal(option: {
      content: string;
      title?: string;
      show?: boolean;
      onClick?: (keyObj: { type: number }) => void;
      autoHide?: boolean;
    }): { show: (isShow: boolean) => void } {
      const modal = {
        title: option.title,
        content: String(option.content ?? ''),
        onClick: option.onClick as Callback | undefined,
        autoHide: option.autoHide !== false,
        shown: option.show !== false,
        options: { ...option } as Record<string, unknown>,
      };
      host.modal = modal;
      api.event('modal.create', { title: modal.title, content: modal.content, shown: modal.shown });
      return {
        show(isShow: boolean) {
          modal.shown = Boolean(isShow);
          if (isShow) host.modal = modal;
          else if (host.modal === modal) host.modal = undefined;
        },
      };
    },
    onKey,
    offKey: () => {
      host.keyHandler = undefined;
    },
    onDigitalCrown,
    offDigitalCrown: () => {
      host.crownHandler = undefined;
    },
    onGesture,
    offGesture: () => {
      host.gestureHandler = undefined;
    },
  };
}
