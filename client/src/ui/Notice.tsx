/** A message block: errors are announced (role=alert), information politely (role=status). */
import type { ComponentChildren } from 'preact';

export function Notice({ kind, children }: { kind: 'error' | 'info' | 'success' | 'warning'; children: ComponentChildren }) {
  return (
    <div class={`notice notice-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}
