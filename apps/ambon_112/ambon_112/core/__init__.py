"""The domain core of ambon_112.

Plain Python that never imports ``frappe``: geography, areas and map pins, phone
numbers and their masking, the flows of calls, incidents and dispatches, PBX events,
AML parsing, triage scoring, duplicate incidents, unit ranking, escalation timing,
time buckets, KPI statistics and targets, the unit board and the portal's order.
Controllers feed these functions plain data and translate the errors they raise, so
every rule here is tested without a site.
"""
