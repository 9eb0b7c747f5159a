import type { Sim } from '../../../firmware-sim/src/index.js';

interface SettingsNode {
  type: string;
  props: Record<string, unknown>;
  children: Array<SettingsNode | string>;
}

function findNode(node: SettingsNode | string, pred: (n: SettingsNode) => boolean): SettingsNode | null {
  if (typeof node === 'string') return null;
  if (pred(node)) return node;
  for (const child of node.children) {
    const hit = findNode(child, pred);
    if (hit) return hit;
  }
  return null;
}

/** All text of the rendered settings page, for assertions on status lines. */
export function settingsText(sim: Sim): string {
  const out: string[] = [];
  const walk = (n: SettingsNode | string) => {
    if (typeof n === 'string') out.push(n);
    else for (const c of n.children) walk(c);
  };
  const root = sim.phone.settingsApp() as SettingsNode | undefined;
  if (root) walk(root);
  return out.join('\n');
}

/** Types into the settings page's text input with this label, like the user in the Zepp app. */
export function typeInSettings(sim: Sim, label: string, value: string): void {
  const root = sim.phone.settingsApp() as SettingsNode | undefined;
  if (!root) throw new Error('the app has no settings page');
  const input = findNode(root, (n) => n.type === 'TextInput' && n.props.label === label);
  const onChange = input?.props.onChange;
  if (typeof onChange !== 'function') throw new Error(`no text input "${label}"`);
  (onChange as (v: string) => void)(value);
}

/** Presses the settings page's button with this label. */
export function pressInSettings(sim: Sim, label: string): void {
  const root = sim.phone.settingsApp() as SettingsNode | undefined;
  const button = root ? findNode(root, (n) => n.type === 'Button' && n.props.label === label) : null;
  const onClick = button?.props.onClick;
  if (typeof onClick !== 'function') throw new Error(`no button "${label}"`);
  (onClick as () => void)();
}

/** Server address + pairing code on the phone's settings page; waits until the side service paired. */
export async function pairLikeAUser(sim: Sim, serverUrl: string, code: string): Promise<void> {
  typeInSettings(sim, 'Server address', serverUrl);
  typeInSettings(sim, 'Pairing code', code);
  // The Zepp app launches a side service that is not running on a settings change (launch reason
  // `settingsChanged`); the sim starts it only on a watch handshake, so start it here. Both paths
  // end in the same redeem: onInit redeems a pending code, onSettingsChange a newly typed one.
  sim.phone.start();
  await sim.until(() => typeof sim.phone.settings.getItem('credential') === 'string', {
    timeoutMs: 30_000,
    stepMs: 50,
  });
}
