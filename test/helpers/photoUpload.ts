/** Photo uploads as the client sends them: the image bytes with their content type. */
import sharp from 'sharp';
import type { ApiClient } from './apiClient.js';

export function uploadPhoto(client: ApiClient, alertId: string, body: Buffer, type: string, subjectIndex?: number) {
  const path = `/api/v1/alerts/${alertId}/photos${subjectIndex === undefined ? '' : `?subjectIndex=${subjectIndex}`}`;
  return client.agent.post(path).set('X-CSRF-Token', client.csrfToken!).set('Content-Type', type).send(body);
}

/** A small plain PNG. */
export function tinyPng(edge = 8): Promise<Buffer> {
  return sharp({ create: { width: edge, height: edge, channels: 3, background: 'white' } })
    .png()
    .toBuffer();
}
