"""Reads vCards on stdin with python-vobject (an independent parser) and prints them as JSON:
one list per card of {"name", "value", "params"}; structured values (ORG) as lists.

Puente's X-PUENTE-* properties are TEXT values (RFC 6350 §3.4 escaping): they are registered as
such, as a reader that knows them would, so vobject unescapes them like FN or NOTE."""
import json
import sys

import vobject
from vobject.base import registerBehavior
from vobject.vcard import Name, VCardTextBehavior

for name in ('X-PUENTE-AVAILABILITY', 'X-PUENTE-AGENCY-ID', 'X-PUENTE-COUNTRY', 'X-PUENTE-VERIFIED', 'X-PUENTE-STALE'):
    registerBehavior(VCardTextBehavior, name)

text = sys.stdin.buffer.read().decode('utf-8')
cards = []
for card in vobject.readComponents(text, validate=True):
    cards.append([{'name': c.name, 'value': c.value, 'params': c.params} for c in card.getChildren()])


def structured(value):
    """N (vCard 3.0) as its five components, each a string."""
    if isinstance(value, Name):
        parts = (value.family, value.given, value.additional, value.prefix, value.suffix)
        return [' '.join(p) if isinstance(p, list) else p for p in parts]
    raise TypeError(type(value).__name__)


json.dump(cards, sys.stdout, default=structured)
