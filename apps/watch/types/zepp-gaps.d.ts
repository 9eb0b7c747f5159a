/**
 * Small declarations for what `@zeppos/device-types` 4.0 and ZML's `zml.d.ts` leave out.
 * Kept narrow on purpose: only the shapes this app calls.
 */

/** Phone side: the side-service entry registered by ZML's `BaseSideService(...)` result. */
declare function AppSideService(option: unknown): unknown;

/** Phone side: the settings page the Zepp app renders (a small JSX-less component tree). */
declare function AppSettingsPage(option: SettingsPageOption): unknown;

interface SettingsStorage {
  getItem(key: string): string | null | undefined;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

interface SettingsPageProps {
  settingsStorage: SettingsStorage;
  settings: Record<string, string | undefined>;
}

interface SettingsPageOption {
  build(props: SettingsPageProps): SettingsNode;
}

/** An opaque node of the settings page tree. */
interface SettingsNode {
  readonly __settingsNode?: true;
}

type SettingsChild = SettingsNode | string | null | undefined | false;
type SettingsComponent = (
  props: Record<string, unknown>,
  children?: SettingsChild | SettingsChild[],
) => SettingsNode;

declare const View: SettingsComponent;
declare const Text: SettingsComponent;
declare const TextInput: SettingsComponent;
declare const Button: SettingsComponent;
declare const Section: SettingsComponent;
declare const Toggle: SettingsComponent;
