/** Agency names by id, loaded once per session (not personal data; kept in memory only). */
import { signal } from '@preact/signals';
import type { AgencyDto } from '../../../shared/dto/agency.js';
import { listAgencies } from '../api/agencies.js';

export const agencies = signal<Map<string, AgencyDto>>(new Map());
let loading: Promise<void> | null = null;

export function loadAgencies(): Promise<void> {
  loading ??= listAgencies().then(
    (page) => {
      agencies.value = new Map(page.items.map((a) => [a.id, a]));
    },
    () => {
      loading = null;
    },
  );
  return loading;
}

/** Agency names kept on the device, shown while the app is open without a connection. */
export function showKeptAgencies(items: readonly AgencyDto[]): void {
  if (items.length && !agencies.value.size) agencies.value = new Map(items.map((a) => [a.id, a]));
}

export function forgetAgencies(): void {
  agencies.value = new Map();
  loading = null;
}

/** "Policía de Formosa (AR)" or the bare id while names load. */
export function agencyLabel(id: string): string {
  const a = agencies.value.get(id);
  return a ? `${a.shortName} (${a.country})` : id;
}
