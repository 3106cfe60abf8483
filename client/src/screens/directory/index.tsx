/** Screen group "directory", loaded on demand: the search (/directory) and the contact form (new, edit). */
import { currentUser } from '../../state/session.js';
import { ContactForm } from './ContactForm.js';
import { DirectoryScreen } from './DirectoryScreen.js';

/** Routed at /directory/:rest*; `rest` is "", "new" or "<id>/edit". */
export function DirectoryArea({ params }: { params?: { rest?: string } }) {
  const rest = params?.rest ?? '';
  // Opened offline without a session: only the search of the device's copy.
  if (!currentUser.value) return <DirectoryScreen />;
  if (rest === 'new') return <ContactForm />;
  const edit = /^([a-f0-9]{24})\/edit$/.exec(rest);
  if (edit?.[1]) return <ContactForm key={edit[1]} id={edit[1]} />;
  return <DirectoryScreen />;
}
