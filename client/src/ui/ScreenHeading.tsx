/** A screen's h1: sets the document title and takes focus on navigation (screen readers start here). */
import { useEffect, useRef } from 'preact/hooks';
import type { ComponentChildren } from 'preact';

export function ScreenHeading({ title, children }: { title: string; children?: ComponentChildren }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · Puente`;
  }, [title]);
  useEffect(() => {
    ref.current?.focus({ preventScroll: false });
  }, []);
  return (
    <h1 ref={ref} tabIndex={-1} class="screen-heading">
      {children ?? title}
    </h1>
  );
}
