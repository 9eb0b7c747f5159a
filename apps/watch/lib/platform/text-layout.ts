import * as ui from '@zos/ui';

/** `getTextLayout` (ui/getTextLayout.mdx, API 2.0): on the runtime, though the 4.0 typings dropped it. */
type GetTextLayout = (
  text: string,
  options: { text_size: number; text_width: number; wrapped?: number },
) => { width: number; height: number };

/**
 * The watch's own measure of one line of text, or null where the firmware has none. The device
 * decides how text wraps, so its measure beats any estimate.
 */
export function platformTextWidth(): ((text: string, size: number) => number) | null {
  const fn = (ui as unknown as { getTextLayout?: GetTextLayout }).getTextLayout;
  if (typeof fn !== 'function') return null;
  return (text, size) => fn(text, { text_size: size, text_width: 100_000, wrapped: 0 }).width;
}
