"""Who an escalation level reaches: users by role or by name, and the agency's people."""

from dataclasses import dataclass, field

import frappe

from ambon_112.core.escalation import Level


@dataclass
class Recipient:
	label: str
	user: str | None = None  # a user gets a desk notification and a realtime alert
	agency: str | None = None
	phone: str | None = None  # an on-duty contact's number, listed in the log for the supervisor to call
	email: str | None = None
	desk: bool = False  # a desk (System) user, as opposed to an agency's portal user
	can_acknowledge: bool = False
	language: str | None = None
	channels: list[str] = field(default_factory=list)


class Directory:
	"""Users, roles and agencies, each looked up once per sweep however many firings need them."""

	def __init__(self):
		self._role_users: dict[str, list[str]] = {}
		self._users: dict[str, dict | None] = {}
		self._agencies: dict[str, tuple[list[str], list[dict]]] = {}
		self._acknowledgers: dict[str, bool] = {}
		self._mail: bool | None = None
		self.language = frappe.db.get_single_value("System Settings", "language") or "en"

	def users_with_role(self, role: str) -> list[str]:
		if role not in self._role_users:
			user, has_role = frappe.qb.DocType("User"), frappe.qb.DocType("Has Role")
			self._role_users[role] = (
				frappe.qb.from_(user)
				.join(has_role)
				.on((has_role.parent == user.name) & (has_role.parenttype == "User"))
				.select(user.name)
				.distinct()
				.where((has_role.role == role) & (user.enabled == 1) & (user.name != "Guest"))
				.orderby(user.name)
			).run(pluck=True)
		return self._role_users[role]

	def user(self, name: str) -> dict | None:
		"""An enabled user's contact details; None for an unknown or disabled user."""
		if name not in self._users:
			self._users[name] = frappe.db.get_value(
				"User",
				{"name": name, "enabled": 1},
				["name", "full_name", "email", "language", "user_type"],
				as_dict=True,
			)
		return self._users[name]

	def mail_enabled(self) -> bool:
		"""Whether Frappe has an account to send from (the same lookup its mail queue makes)."""
		if self._mail is None:
			from frappe.email.doctype.email_account.email_account import EmailAccount

			self._mail = bool(EmailAccount.find_outgoing(match_by_doctype="Escalation Log"))
		return self._mail

	def can_acknowledge(self, user: str) -> bool:
		if user not in self._acknowledgers:
			self._acknowledgers[user] = bool(frappe.has_permission("Escalation Log", "write", user=user))
		return self._acknowledgers[user]

	def agency(self, name: str) -> tuple[list[str], list[dict]]:
		"""The agency's portal users and its on-duty contacts."""
		if name not in self._agencies:
			members = frappe.get_all(
				"Agency Member",
				filters={"parent": name, "parenttype": "Agency"},
				pluck="user",
				order_by="idx",
			)
			contacts = frappe.get_all(
				"Agency Contact",
				filters={"parent": name, "parenttype": "Agency", "is_on_duty_contact": 1},
				fields=["label", "phone", "email"],
				order_by="idx",
			)
			self._agencies[name] = (members, contacts)
		return self._agencies[name]


def recipients_of(level: Level, agencies: tuple[str, ...], directory: Directory) -> list[Recipient]:
	"""Everyone a level reaches for an item involving ``agencies``, each user once."""
	people: dict[str, Recipient] = {}

	def add_user(name: str, agency: str | None = None):
		user = directory.user(name)
		if user and user.name not in people:
			people[user.name] = Recipient(
				label=user.full_name or user.name,
				user=user.name,
				agency=agency,
				email=user.email,
				desk=user.user_type == "System User",
				can_acknowledge=directory.can_acknowledge(user.name),
				language=user.language or directory.language,
			)

	for role in level.notify_roles:
		for name in directory.users_with_role(role):
			add_user(name)
	for name in level.notify_users:
		add_user(name)
	contacts = []
	if level.notify_agency:
		for agency in agencies:
			members, on_duty = directory.agency(agency)
			for name in members:
				add_user(name, agency)
			contacts += [
				Recipient(
					label=c.label, agency=agency, phone=c.phone, email=c.email, language=directory.language
				)
				for c in on_duty
			]
	return [*people.values(), *contacts]
