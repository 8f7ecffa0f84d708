"""Escalation: a late answer, a late dispatch or a silent agency is noticed within a minute.

- ``core/escalation.py``: the rules as pure functions (triggers, which level is due, repeats).
- ``policies.py``: admin-owned Escalation Policies read for the core, and their checks.
- ``items.py``: the open calls, incidents and dispatches, read through indexes.
- ``sweep.py``: the job run every minute; one database lock, one unique key per firing.
- ``actions.py`` and ``recipients.py``: a firing's log, desk notifications, realtime alerts,
  e-mail and priority raise, and who receives them.
- ``acknowledge.py``: a supervisor takes an escalation on (``api/escalation.py`` exposes it).
- ``defaults.py``: the policies a new site starts with, seeded once.
"""
