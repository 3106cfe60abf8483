/** A navigation list: the main navigation and each area's sections share this markup; the class styles it. */

export interface NavLink {
  href: string;
  label: string;
  current: boolean;
  /** A count shown beside the label while above zero (new alerts, pending requests). */
  badge?: { count: number; label: string; testId: string };
}

export function NavLinks({ class: cls, label, links }: { class: string; label: string; links: NavLink[] }) {
  return (
    <nav class={cls} aria-label={label}>
      <ul>
        {links.map((l) => (
          <li key={l.href}>
            <a href={l.href} aria-current={l.current ? 'page' : undefined}>
              {l.label}
              {l.badge && l.badge.count > 0 ? (
                <span class="badge" data-testid={l.badge.testId} aria-label={l.badge.label}>
                  {l.badge.count}
                </span>
              ) : null}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
