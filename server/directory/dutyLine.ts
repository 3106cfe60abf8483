/**
 * The number to call an agency on at any hour: its first directory entry with a phone marked 24 h
 * (the directory's own order: desks before people), else the agency's duty phone, else its main
 * line (then `is24h` is false, so the screen does not promise a 24-hour answer).
 */
import type { AgencyDoc } from '../identity/index.js';
import type { Instance } from '../platform/instance.js';

export interface DutyLine {
  label: string;
  phone: string;
  is24h: boolean;
}

export async function agencyDutyLine(
  instance: Instance,
  agency: Pick<AgencyDoc, '_id' | 'name' | 'phone' | 'dutyPhone'>,
): Promise<DutyLine | null> {
  const { Contact } = instance.models.directory;
  const entry = await Contact.findOne({ agencyId: agency._id, 'phones.is24h': true }, { name: 1, phones: 1 })
    .sort({ rank: 1, nameKey: 1, _id: 1 })
    .lean();
  const phone = entry?.phones.find((p) => p.is24h);
  if (entry && phone) return { label: entry.name, phone: phone.number, is24h: true };
  if (agency.dutyPhone) return { label: agency.name, phone: agency.dutyPhone, is24h: true };
  if (agency.phone) return { label: agency.name, phone: agency.phone, is24h: false };
  return null;
}
