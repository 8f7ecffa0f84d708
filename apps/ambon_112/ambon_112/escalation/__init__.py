"""Escalation: a late answer, a late dispatch or a silent agency is noticed within a minute.

- ``core/escalation.py``: the rules as pure functions (triggers, which level is due, repeats).
- ``policies.py``: admin-owned Escalation Policies read for the core, and their checks.
- ``items.py``: the open calls, incidents and dispatches, read through indexes.
- ``sweep.py``: the job run every minute; one database lock, one unique key per firing.
- ``actions.py`` and ``recipients.py``: a firing worked out (log, desk notifications, realtime
  alerts, e-mail, priority raise) and who receives it; ``actions.fire`` writes one through
  documents.
- ``batch.py``: the sweep's way: a batch of firings claimed by one insert, their rows in bulk.
- ``outbox.py`` and ``mail.py``: what a sweep tells people after its commit, once per room;
  the e-mail as background jobs.
- ``acknowledge.py``: a supervisor takes an escalation on (``api/escalation.py`` exposes it).
- ``defaults.py``: the policies a new site starts with, seeded once.
"""
