"""Which live calls a supervisor reviews: a reproducible random sample spread over operators.

APCO/NENA ANS 1.107.1 asks for at least 2 % of calls to be reviewed. The sample is drawn with a
seed (stored with each review), from the calls sorted by name, so the same seed and the same
calls always give the same sample. Operators take turns in a shuffled order, so a busy operator
does not crowd the others out of the review. Nothing here knows about Frappe.
"""

from __future__ import annotations

import random
from collections.abc import Iterable


def sample_size(count: int, share_percent: float) -> int:
	"""The share of ``count``, rounded, and at least one call when there were any."""
	if count <= 0:
		return 0
	return min(count, max(1, round(count * share_percent / 100)))


def draw(calls: Iterable[tuple[str, str | None]], share_percent: float, seed: str) -> list[str]:
	"""Names of the sampled calls from ``(call, operator)`` pairs, in the order they were drawn."""
	pairs = sorted(set(calls))
	rng = random.Random(seed)
	by_operator: dict[str, list[str]] = {}
	for call, operator in pairs:
		by_operator.setdefault(operator or "", []).append(call)
	queues = [by_operator[op] for op in sorted(by_operator)]
	for queue in queues:
		rng.shuffle(queue)
	rng.shuffle(queues)
	wanted, drawn = sample_size(len(pairs), share_percent), []
	while len(drawn) < wanted:
		for queue in queues:
			if queue and len(drawn) < wanted:
				drawn.append(queue.pop())
	return drawn
