/** A navigation list: the main navigation and each area's sections share this markup; the class styles it. */

export interface NavLink {
  href: string;
  label: string;
  current: boolean;
  /** A count shown beside the label while above zero (new alerts, pending requests). */
  badge?: { count: number; label: string; testId: string };
}

/** The count beside a link's label, named for screen readers ("3 avisos sin leer"). */
export function NavBadge({ badge }: { badge: NavLink['badge'] }) {
  return badge && badge.count > 0 ? (
    <span class="badge" data-testid={badge.testId} aria-label={badge.label}>
      {badge.count}
    </span>
  ) : null;
}

export function NavLinks({ class: cls, label, links }: { class: string; label: string; links: NavLink[] }) {
  return (
    <nav class={cls} aria-label={label}>
      <ul>
        {links.map((l) => (
          <li key={l.href}>
            <a href={l.href} aria-current={l.current ? 'page' : undefined}>
              {l.label}
              <NavBadge badge={l.badge} />
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
