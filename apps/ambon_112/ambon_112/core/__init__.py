"""The domain core of ambon_112.

Plain Python that never imports ``frappe``: geography, phone numbers, timing and
(later) AML parsing, triage scoring, unit ranking and escalation timing. Controllers
feed these functions plain data and translate the errors they raise, so every rule
here is tested without a site.
"""
