/** The new-alert sound: a short tone made with Web Audio (no file to fetch), muteable and remembered. */
import { signal } from '@preact/signals';

const STORAGE_KEY = 'puente.muted';
export const muted = signal<boolean>(localStorage.getItem(STORAGE_KEY) === '1');

export function setMuted(value: boolean): void {
  muted.value = value;
  localStorage.setItem(STORAGE_KEY, value ? '1' : '0');
}

let ctx: AudioContext | null = null;

/** Two tones for urgent alerts, one otherwise. Browsers may block sound until the user interacted. */
export function playAlertSound(urgent: boolean): void {
  if (muted.value || typeof AudioContext === 'undefined') return;
  try {
    ctx ??= new AudioContext();
    const tones = urgent ? [880, 660, 880] : [660];
    tones.forEach((freq, i) => {
      const osc = ctx!.createOscillator();
      const gain = ctx!.createGain();
      osc.frequency.value = freq;
      gain.gain.value = 0.08;
      osc.connect(gain).connect(ctx!.destination);
      const start = ctx!.currentTime + i * 0.18;
      osc.start(start);
      osc.stop(start + 0.14);
    });
  } catch {
    // No audio device or blocked: the badge and the live region still tell the user.
  }
}
