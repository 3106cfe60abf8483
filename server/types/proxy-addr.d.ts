/** The one function of proxy-addr Puente uses (the package ships no types). */
declare module 'proxy-addr' {
  import type { IncomingMessage } from 'node:http';
  function proxyaddr(req: IncomingMessage, trust: (addr: string, hop: number) => boolean): string;
  export default proxyaddr;
}
