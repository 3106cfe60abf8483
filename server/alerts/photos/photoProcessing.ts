/**
 * Image intake: the type is decided by the content (not the header), the image is decoded and
 * re-encoded with sharp — which drops EXIF, GPS and every other metadata block — after applying
 * its orientation, and bounded in size; a small thumbnail is made beside it.
 */
import sharp, { type Metadata } from 'sharp';
import { DomainError } from '../../platform/errors.js';

export const PHOTO_MAX_BYTES = 5 * 1024 * 1024;
/**
 * Pixels an uploaded image may have: 24 MP, twice a 12–16 MP phone photo; larger images
 * (48–200 MP high-resolution modes) rarely fit PHOTO_MAX_BYTES anyway, and decoding one costs
 * seconds of CPU (issue #23 F6). Checked from the header before anything is decoded.
 */
export const PHOTO_MAX_PIXELS = 24_000_000;
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
  if (input.length > PHOTO_MAX_BYTES) throw new DomainError('payload_too_large');
  let header: Metadata;
  try {
    // Reading the header decodes no pixel; sharp's own limit would answer this like a broken file.
    header = await sharp(input, { failOn: 'error', limitInputPixels: false }).metadata();
  } catch {
    throw new DomainError('unsupported_media_type', 'not an image');
  }
  const format = header.format;
  if (format !== 'jpeg' && format !== 'png' && format !== 'webp') throw new DomainError('unsupported_media_type', `format ${format}`);
  // Refused from the header's size, before decoding (the limit below also bounds the decoders).
  if ((header.width ?? 0) * (header.height ?? 0) > PHOTO_MAX_PIXELS)
    throw new DomainError('image_too_large', `more than ${PHOTO_MAX_PIXELS} pixels`, [
      { path: '(body)', message: `${header.width}×${header.height} pixels; at most ${PHOTO_MAX_PIXELS / 1_000_000} megapixels` },
    ]);
  const base = () => sharp(input, { failOn: 'error', limitInputPixels: PHOTO_MAX_PIXELS }).rotate();
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
    throw new DomainError('unsupported_media_type', 'image could not be decoded');
  }
}
