/** /api/v1/agencies: every agency of both countries (names for ids, distribution pickers); system admins create and edit. */
import type { AgencyDto } from '../../../shared/dto/agency.js';
import type { Page } from '../../../shared/dto/alert.js';
import type { CreateAgencyInput, UpdateAgencyInput } from '../../../shared/schemas/agencies.js';
import { get, patch, post } from './http.js';

export const AGENCIES_PATH = '/agencies';
export const listAgencies = () => get<Page<AgencyDto>>(AGENCIES_PATH);
export const createAgency = (input: CreateAgencyInput) => post<AgencyDto>('/agencies', input);
export const updateAgency = (id: string, change: UpdateAgencyInput) => patch<AgencyDto>(`/agencies/${encodeURIComponent(id)}`, change);
