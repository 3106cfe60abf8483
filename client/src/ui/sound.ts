/** The new-alert sound: a short tone made with Web Audio (no file to fetch), muteable and remembered. */
import { signal } from '@preact/signals';

const STORAGE_KEY = 'puente.muted';
export const muted = signal<boolean>(localStorage.getItem(STORAGE_KEY) === '1');
/** The browser held back an urgent alert's sound (autoplay policy): the shell asks the user to allow it. */
export const soundBlocked = signal<boolean>(false);

export function setMuted(value: boolean): void {
  muted.value = value;
  localStorage.setItem(STORAGE_KEY, value ? '1' : '0');
  if (value) soundBlocked.value = false;
}

/** How long a resume may take before the sound counts as blocked. */
const RESUME_WAIT_MS = 500;
let ctx: AudioContext | null = null;

function tones(audio: AudioContext, urgent: boolean): void {
  (urgent ? [880, 660, 880] : [660]).forEach((freq, i) => {
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.frequency.value = freq;
    gain.gain.value = 0.08;
    osc.connect(gain).connect(audio.destination);
    const start = audio.currentTime + i * 0.18;
    osc.start(start);
    osc.stop(start + 0.14);
  });
}

/** Resumes the context; false when the browser keeps it suspended (no user gesture yet). */
async function running(audio: AudioContext): Promise<boolean> {
  if (audio.state === 'running') return true;
  await Promise.race([audio.resume().catch(() => undefined), new Promise((r) => setTimeout(r, RESUME_WAIT_MS))]);
  return (audio.state as AudioContextState) === 'running';
}

/** Two tones for urgent alerts, one otherwise. A blocked urgent sound raises `soundBlocked`. */
export function playAlertSound(urgent: boolean): void {
  if (muted.value || typeof AudioContext === 'undefined') return;
  try {
    ctx ??= new AudioContext();
    const audio = ctx;
    void running(audio).then((ok) => {
      if (ok) tones(audio, urgent);
      else if (urgent) soundBlocked.value = true;
    });
  } catch {
    // No audio device: the badge and the live region still tell the user.
  }
}

/** Called from the banner's button (a user gesture, which browsers require): plays a test tone. */
export async function enableSound(): Promise<void> {
  if (typeof AudioContext === 'undefined') return;
  ctx ??= new AudioContext();
  if (await running(ctx)) tones(ctx, true);
  soundBlocked.value = false;
}
