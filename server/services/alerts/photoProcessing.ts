/**
 * Image intake: the type is decided by the content (not the header), the image is decoded and
 * re-encoded with sharp — which drops EXIF, GPS and every other metadata block — after applying
 * its orientation, and bounded in size; a small thumbnail is made beside it.
 */
import sharp from 'sharp';
import { ApiError } from '../../http/apiError.js';

export const PHOTO_MAX_BYTES = 5 * 1024 * 1024;
const MAX_EDGE = 2048;
const THUMB_EDGE = 320;
const ACCEPTED = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' } as const;

export interface ProcessedPhoto {
  mime: (typeof ACCEPTED)[keyof typeof ACCEPTED];
  data: Buffer;
  thumbnail: Buffer;
  width: number;
  height: number;
}

export async function processPhoto(input: Buffer): Promise<ProcessedPhoto> {
  if (input.length > PHOTO_MAX_BYTES) throw new ApiError('payload_too_large');
  let format: string | undefined;
  try {
    format = (await sharp(input, { failOn: 'error', limitInputPixels: 50_000_000 }).metadata()).format;
  } catch {
    throw new ApiError('unsupported_media_type', 'not an image');
  }
  if (format !== 'jpeg' && format !== 'png' && format !== 'webp') throw new ApiError('unsupported_media_type', `format ${format}`);
  const base = () => sharp(input, { failOn: 'error', limitInputPixels: 50_000_000 }).rotate();
  const resized = base().resize({ width: MAX_EDGE, height: MAX_EDGE, fit: 'inside', withoutEnlargement: true });
  const encoded =
    format === 'jpeg' ? resized.jpeg({ quality: 85, mozjpeg: true }) : format === 'png' ? resized.png() : resized.webp({ quality: 85 });
  try {
    const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
    const thumbnail = await base()
      .resize({ width: THUMB_EDGE, height: THUMB_EDGE, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 75 })
      .toBuffer();
    return { mime: ACCEPTED[format], data, thumbnail, width: info.width, height: info.height };
  } catch {
    throw new ApiError('unsupported_media_type', 'image could not be decoded');
  }
}
