/** Why a seed command (`seed-demo`, `seed-bulk`) refuses a store; Spanish first, then English. */
import type { Language } from './messages.js';

export type SeedRefusal =
  | { reason: 'production_env'; command: string }
  | { reason: 'production_store'; command: string }
  | { reason: 'foreign_users'; command: string; users: number };

export function seedRefusedMessage(r: SeedRefusal): Record<Language, string> {
  switch (r.reason) {
    case 'production_env':
      return {
        es: `${r.command} no se ejecuta con NODE_ENV=production`,
        en: `${r.command} refuses to run with NODE_ENV=production`,
      };
    case 'production_store':
      return {
        es: `${r.command} no se ejecuta: el almacén pertenece a una instalación de producción (lo marcó un servidor con NODE_ENV=production)`,
        en: `${r.command} refuses to run: the store belongs to a production installation (a server with NODE_ENV=production marked it)`,
      };
    case 'foreign_users': {
      const es = r.users === 1 ? '1 usuario que no es' : `${r.users} usuarios que no son`;
      const en = r.users === 1 ? '1 user who is not a demo user' : `${r.users} users who are not demo users`;
      return {
        es: `${r.command} no se ejecuta: el almacén tiene ${es} de demostración; sólo se cargan datos de prueba en un almacén de demostración`,
        en: `${r.command} refuses to run: the store holds ${en}; test data goes only into a demo store`,
      };
    }
  }
}
