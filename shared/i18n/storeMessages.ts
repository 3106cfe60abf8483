/** Operator-facing texts about the embedded store, Spanish first then English. */
import type { Language } from './messages.js';

export interface StoreInUse {
  dataDir: string;
  lockFile: string;
  pid: number;
  /** The running store's address, once its holder has recorded it. */
  uri: string | null;
}

export function storeInUseMessage(s: StoreInUse): Record<Language, string> {
  const useIt = s.uri ? `MONGODB_URI=${s.uri}` : null;
  return {
    es:
      `El almacén de datos ${s.dataDir} está abierto por otro proceso de Puente (pid ${s.pid}); no se abre dos veces, ` +
      `porque dos procesos escribiendo la misma base SQLite la dañarían. ` +
      (useIt
        ? `Para trabajar junto al servidor en marcha, use su almacén: ${useIt} npx puente <comando>. `
        : 'Ese proceso todavía está iniciando el almacén; intente de nuevo en unos segundos. ') +
      `Si ningún proceso de Puente está en marcha, borre ${s.lockFile}.`,
    en:
      `The data store ${s.dataDir} is held by another Puente process (pid ${s.pid}); it is not opened twice, ` +
      `because two processes writing one SQLite database would damage it. ` +
      (useIt
        ? `To work alongside the running server, use its store: ${useIt} npx puente <command>. `
        : 'That process is still starting the store; try again in a few seconds. ') +
      `If no Puente process is running, delete ${s.lockFile}.`,
  };
}

/** DATA_DIR belongs to another OS user: its store is private to that user (0700, Unix socket). */
export function dataDirOfAnotherUserMessage(dataDir: string): Record<Language, string> {
  return {
    es:
      `El directorio de datos ${dataDir} pertenece a otro usuario del sistema: sólo el usuario que ejecuta Puente ` +
      'puede abrir su almacén. Ejecute el comando como ese usuario.',
    en:
      `The data directory ${dataDir} belongs to another OS user: only the user who runs Puente can open its store. ` +
      'Run the command as that user.',
  };
}
