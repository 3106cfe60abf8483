/** The live connection as the indicator shows it. */
import { signal } from '@preact/signals';

export type ConnectionState = 'online' | 'offline' | 'connecting' | 'reconnecting';

export const connection = signal<ConnectionState>(navigator.onLine ? 'connecting' : 'offline');
