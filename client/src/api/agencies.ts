/** /api/v1/agencies: every agency of both countries (names for ids, distribution pickers). */
import type { AgencyDto } from '../../../shared/dto/agency.js';
import type { Page } from '../../../shared/dto/alert.js';
import { get } from './http.js';

export const listAgencies = () => get<Page<AgencyDto>>('/agencies');
