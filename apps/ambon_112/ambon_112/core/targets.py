"""The standards the 112 centre reports against.

NENA-STA-020.1 (call answering): 90 % of calls answered within 15 s and 95 % within 20 s.
NFPA 1225 (alarm processing, used here for answer → first dispatch): 90 % within 60 s.
"""

from __future__ import annotations

from dataclasses import dataclass

from ambon_112.core.stats import Summary


@dataclass(frozen=True)
class ServiceLevel:
	seconds: float
	share: float  # the fraction of values that must be at or below ``seconds``


@dataclass(frozen=True)
class Standard:
	code: str
	levels: tuple[ServiceLevel, ...]

	@property
	def thresholds(self) -> tuple[float, ...]:
		return tuple(level.seconds for level in self.levels)

	def met(self, summary: Summary) -> bool | None:
		"""Whether every level is met; None when nothing was measured."""
		if not summary.count:
			return None
		shares = [summary.within.get(level.seconds) for level in self.levels]
		if any(s is None for s in shares):
			raise ValueError(f"{self.code}: summary lacks one of the thresholds {self.thresholds}")
		return all(s >= level.share for s, level in zip(shares, self.levels, strict=True))


NENA_ANSWER = Standard("NENA-STA-020.1", (ServiceLevel(15, 0.90), ServiceLevel(20, 0.95)))
NFPA_PROCESSING = Standard("NFPA 1225", (ServiceLevel(60, 0.90),))

# The answer-time report also shows the share within 10 s (an often-quoted European target).
ANSWER_THRESHOLDS = (10, *NENA_ANSWER.thresholds)
