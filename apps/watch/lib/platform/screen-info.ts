/** A screen's size and shape (no system import, so build scripts can lay out screens too). */
export interface ScreenInfo {
  width: number;
  height: number;
  round: boolean;
}
