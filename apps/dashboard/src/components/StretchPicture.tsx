import catCow from '@unknot/stretch-model/art/cat-cow.svg';
import childsPose from '@unknot/stretch-model/art/childs-pose.svg';
import doorwayChest from '@unknot/stretch-model/art/doorway-chest.svg';
import seatedTwist from '@unknot/stretch-model/art/seated-twist.svg';
import upperBack from '@unknot/stretch-model/art/upper-back.svg';
import wallLat from '@unknot/stretch-model/art/wall-lat.svg';
import type { StretchId } from '../core';
import { stretchOf } from '../i18n/core-catalog';
import { useT } from '../i18n/i18n';

/** The project's own drawing of each stretch (packages/stretch-model/art), as URLs Vite serves. */
const PICTURES: Record<StretchId, string> = {
  'upper-back': upperBack,
  'doorway-chest': doorwayChest,
  'childs-pose': childsPose,
  'cat-cow': catCow,
  'seated-twist': seatedTwist,
  'wall-lat': wallLat,
};

/**
 * A stretch's picture with its description as alt text. `small` is for rows that already name the
 * stretch next to it: there it is decorative (empty alt), so a screen reader does not say it twice.
 */
export function StretchPicture({ stretchId, small = false }: { stretchId: StretchId; small?: boolean }) {
  useT(); // the description follows the language
  const stretch = stretchOf(stretchId);
  return (
    <img
      className={small ? 'stretch-picture stretch-picture-small' : 'stretch-picture'}
      src={PICTURES[stretchId]}
      alt={small ? '' : stretch.pictureAlt}
      width={small ? 60 : 200}
      height={small ? 48 : 160}
      data-testid={`stretch-picture-${stretchId}`}
    />
  );
}
