import { op } from '../../platform/store/index.js';
import type { Instance } from '../../platform/instance.js';

/** Deletes the stored files of photos no longer on their alert (their subject was dropped). */
export async function deletePhotoFiles(instance: Instance, ids: string[]): Promise<void> {
  const { Photo, PhotoThumb } = instance.models.alerts;
  await Photo.deleteMany({ _id: op({ $in: ids }) });
  await PhotoThumb.deleteMany({ _id: op({ $in: ids }) });
}
