/** The watch palette: dark background (OLED), warm light text, one calm accent. */
export const COLORS = {
  text: 0xf2e8d5,
  muted: 0xa89f8f,
  accent: 0x3fb59a,
  accentPressed: 0x2a8a73,
  secondary: 0x2b3533,
  secondaryPressed: 0x1c2422,
  warn: 0xe8a33d,
  danger: 0xd9645a,
  track: 0x26302e,
} as const;
