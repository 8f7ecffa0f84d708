"""The escalation policies a new site starts with, from the standards of an emergency centre.

- answer 90 % of calls within 15 s;
- dispatch within 60 s of answering for P1;
- turnout (the crew acknowledges and rolls) within 60 to 80 s;
- on scene within 8 minutes for P1 in the city.

Seeded once, from after_install/after_migrate: each policy is created the first time and
remembered, so a migrate never overwrites an admin's edit nor brings back a policy an admin
deleted. A later release may add a policy with a new key.
"""

from ambon_112.core.callbacks import DEFAULT_ESCALATE_AFTER_SECONDS
from ambon_112.core.continuity import DEFAULT_DRILL_MAX_AGE_DAYS as DRILL_MAX_AGE_DAYS
from ambon_112.roles import ADMINISTRATOR, OPERATOR, SUPERVISOR
from ambon_112.setup.seeding import seed_once

SEEDED_KEY = "ambon112_escalation_policies_seeded"


def level(number, trigger, delay_seconds, roles=(), users=(), repeat=0, agency=False, raise_priority=False):
	"""One row of a policy's levels."""
	return {
		"level": number,
		"trigger_condition": trigger,
		"delay_seconds": delay_seconds,
		"repeat_every_minutes": repeat,
		"notify_roles": "\n".join(roles),
		**({"notify_users": "\n".join(users)} if users else {}),
		"notify_agency": int(agency),
		"raise_priority": int(raise_priority),
	}


DEFAULT_POLICIES = {
	"call-answer-15s": {
		"policy_name": "Panggilan belum dijawab",
		"applies_to": "Emergency Call",
		"description": "Standar: 90% panggilan dijawab dalam 15 detik. / Standard: answer 90% of calls within 15 s.",
		"levels": [
			level(1, "Call Unanswered", 15, [SUPERVISOR]),
			level(2, "Call Unanswered", 30, [SUPERVISOR, ADMINISTRATOR], repeat=1),
		],
	},
	"call-classify": {
		"policy_name": "Panggilan belum diklasifikasi",
		"applies_to": "Emergency Call",
		"description": "Setiap panggilan yang dijawab diklasifikasi. / Every answered call is classified.",
		"levels": [level(1, "Call Not Classified", 600, [SUPERVISOR], repeat=15)],
	},
	"incident-triage": {
		"policy_name": "Insiden belum ditriase",
		"applies_to": "Incident",
		"description": "Insiden baru ditriase dalam 2 menit. / A new incident is triaged within 2 minutes.",
		"levels": [
			level(1, "Incident Not Triaged", 120, [SUPERVISOR]),
			level(2, "Incident Not Triaged", 300, [SUPERVISOR], repeat=5),
		],
	},
	"p1-dispatch-60s": {
		"policy_name": "Insiden P1 belum didispatch",
		"applies_to": "Incident",
		"priority_p1": 1,
		"description": "Standar: P1 didispatch dalam 60 detik setelah panggilan dijawab. / Standard: dispatch P1 within 60 s of answer.",
		"levels": [
			level(1, "Incident Not Dispatched", 60, [SUPERVISOR]),
			level(2, "Incident Not Dispatched", 120, [SUPERVISOR, ADMINISTRATOR], repeat=2),
		],
	},
	"p2-p3-dispatch": {
		"policy_name": "Insiden P2/P3 belum didispatch",
		"applies_to": "Incident",
		"priority_p2": 1,
		"priority_p3": 1,
		"description": "P2/P3 tanpa dispatch setelah 15 menit naik prioritas. / P2/P3 not dispatched after 15 min is raised.",
		"levels": [
			level(1, "Incident Not Dispatched", 300, [SUPERVISOR]),
			level(2, "Incident Not Dispatched", 900, [SUPERVISOR], repeat=10, raise_priority=True),
		],
	},
	"turnout": {
		"policy_name": "Unit belum merespons dispatch",
		"applies_to": "Dispatch",
		"description": "Standar turnout 60-80 detik. / Standard turnout: 60 to 80 s.",
		"levels": [
			level(1, "Dispatch Not Acknowledged", 60, agency=True),
			level(2, "Dispatch Not Acknowledged", 80, [SUPERVISOR], repeat=2, agency=True),
			level(3, "Unit Not En Route", 180, [SUPERVISOR], repeat=3),
		],
	},
	"p1-on-scene-8min": {
		"policy_name": "Unit P1 belum tiba di lokasi",
		"applies_to": "Dispatch",
		"priority_p1": 1,
		"inside_city_only": 1,
		"description": "Standar: P1 di dalam kota tiba dalam 8 menit. / Standard: on scene within 8 minutes for P1 in the city.",
		"levels": [level(1, "Unit Not On Scene", 480, [SUPERVISOR], repeat=5, agency=True)],
	},
	"incident-open-long": {
		"policy_name": "Insiden terbuka terlalu lama",
		"applies_to": "Incident",
		"description": "Insiden terbuka lebih dari 4 jam ditinjau. / An incident open for more than 4 hours is reviewed.",
		"levels": [
			level(1, "Incident Open Too Long", 4 * 3600, [SUPERVISOR]),
			level(2, "Incident Open Too Long", 12 * 3600, [SUPERVISOR, ADMINISTRATOR], repeat=60),
		],
	},
	# continuity/drill.py: a backup counts once it has been restored; the drill runs monthly.
	"restore-drill-35d": {
		"policy_name": "Uji pemulihan cadangan terlambat",
		"applies_to": "Restore Drill",
		"description": "Uji pemulihan cadangan yang berhasil paling lama 35 hari lalu. / The last good restore drill is at most 35 days old.",
		"levels": [
			level(
				1,
				"Restore Drill Overdue",
				DRILL_MAX_AGE_DAYS * 86400,
				[ADMINISTRATOR, "System Manager"],
				repeat=1440,
			)
		],
	},
	# The call console's callback queue: a lost caller waits at most 2 minutes for a callback.
	"callback-waiting-2min": {
		"policy_name": "Panggilan balik belum dilakukan",
		"applies_to": "Callback Task",
		"description": "Penelepon yang terputus/tak terjawab ditelepon balik dalam 2 menit. / A lost caller is called back within 2 minutes.",
		"levels": [
			level(1, "Callback Waiting", DEFAULT_ESCALATE_AFTER_SECONDS, [OPERATOR, SUPERVISOR]),
			level(2, "Callback Waiting", 2 * DEFAULT_ESCALATE_AFTER_SECONDS, [SUPERVISOR], repeat=5),
		],
	},
}


def seed_default_policies(policies: dict | None = None) -> list[str]:
	"""Create the default policies never seeded before on this site; returns the keys created.
	``policies``: another capability's defaults (operations/defaults.py), else these."""
	return seed_once(
		SEEDED_KEY,
		{
			key: (spec["policy_name"], {"doctype": "Escalation Policy", "is_active": 1, **spec})
			for key, spec in (DEFAULT_POLICIES if policies is None else policies).items()
		},
	)
