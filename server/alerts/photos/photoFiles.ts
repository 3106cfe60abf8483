/** A photo's stored bytes (full size and thumbnail). */
import { Photo, PhotoThumb } from './Photo.js';
import { op } from '../../platform/store/index.js';

/** Deletes the stored files of photos no longer on their alert (their subject was dropped). */
export async function deletePhotoFiles(ids: string[]): Promise<void> {
  await Photo.deleteMany({ _id: op({ $in: ids }) });
  await PhotoThumb.deleteMany({ _id: op({ $in: ids }) });
}
