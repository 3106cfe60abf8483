/** Minimal client: shows the official-use banner and whether the server is ready. */
const texts = {
  es: {
    ready: 'Servicio disponible.',
    notReady: 'El servicio no está disponible en este momento.',
    offline: 'Sin conexión con el servidor.',
  },
  en: { ready: 'Service available.', notReady: 'The service is unavailable right now.', offline: 'No connection to the server.' },
} as const;

const lang: keyof typeof texts = navigator.language.toLowerCase().startsWith('en') ? 'en' : 'es';

async function showStatus(): Promise<void> {
  const el = document.getElementById('status');
  if (!el) return;
  try {
    const res = await fetch('/readyz', { cache: 'no-store' });
    el.textContent = res.ok ? texts[lang].ready : texts[lang].notReady;
    el.dataset.state = res.ok ? 'ready' : 'unavailable';
  } catch {
    el.textContent = texts[lang].offline;
    el.dataset.state = 'offline';
  }
}

void showStatus();
