export { createSim, Sim, type SimOptions, type KeyName, type TextMatcher } from './sim.js';
export { VirtualClock } from './clock.js';
export { BleLink, type BleOptions } from './ble-link.js';
export { DEVICES, type DeviceKey, type DeviceProfile } from './devices.js';
export type { PhoneOptions, SettingsNode, ZeppFetchRequest, ZeppFetchResponse } from './phone.js';
export type { StepSegment, Activity } from './sensors.js';
export type { TimelineEntry } from './timeline.js';
export { SimWidget, type WidgetTypeName } from './widgets.js';
export { bundleEntries, clearBundleCache } from './bundler.js';
