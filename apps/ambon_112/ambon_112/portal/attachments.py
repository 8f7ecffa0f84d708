"""Files: what may be uploaded, by whom, to which record, and who may download it.

Frappe 15 checks little of it: ``upload_file`` asks ``doc.has_permission("write")`` of the target
document but ignores the answer; a File needs only File-create permission; any type is accepted
from desk users, and an SVG or HTML file in ``/files`` is served inline, so its script runs in the
site's origin. Checked on the File itself (insert and update), so every way of making one is
covered (``upload_file``, ``frappe.client.attach_file``, ``/api/resource/File``, images pasted into
a comment or a text field).

- Nobody but Administrator stores markup a browser would run (SVG, HTML, XML, JS), whatever the
  name says: refused by extension and by the bytes.
- Files of the centre's records (every DocType of this app), and everything uploaded by people who
  only read or only report (agency staff, the 112 Viewer), are of the allowed types only (the
  bytes must be what the name says), private, and uploaded rather than linked.
- A file is attached only to a record the uploader may write (any DocType); agency staff and the
  Viewer attach every file to one.
"""

import os
from urllib.parse import urlparse

import filetype
import frappe
from frappe import _
from frappe.utils import cint

from ambon_112.roles import ADMINISTRATOR, INTEGRATION, OPERATOR, SUPERVISOR

APP = "ambon_112"
# What may be kept on the centre's records: photos, documents, call recordings. By extension, the
# type the bytes must sniff as (``filetype``, as Frappe's own file code uses it).
ALLOWED_TYPES = {
	"jpg": "image/jpeg",
	"jpeg": "image/jpeg",
	"png": "image/png",
	"gif": "image/gif",
	"webp": "image/webp",
	"pdf": "application/pdf",
	"mp3": "audio/mpeg",
	"m4a": "audio/mp4",
	"ogg": "audio/ogg",
	"wav": "audio/x-wav",
}
# Types a browser runs script in when it opens them; no name or content of these is kept.
MARKUP_EXTENSIONS = frozenset(
	{"svg", "svgz", "html", "htm", "shtml", "xhtml", "xht", "xml", "xsl", "xslt", "js", "mjs"}
)
# Roles that write in the centre; a user with none of them only reads or reports (agency, Viewer).
WRITING_ROLES = frozenset({OPERATOR, SUPERVISOR, ADMINISTRATOR, INTEGRATION, "System Manager"})
SNIFF_BYTES = 8192


def check_file(doc, method=None):
	"""File.validate: refuse what the rules above do not allow; nothing of a refused upload is kept
	(Frappe removes the new file from disk when the transaction rolls back)."""
	user = frappe.session.user
	if doc.is_folder or user == "Administrator":
		return
	strict = confined(user) or is_app_doctype(doc.attached_to_doctype)
	before = None if doc.is_new() else doc.get_doc_before_save()
	if before and is_app_doctype(before.attached_to_doctype) and not is_app_doctype(doc.attached_to_doctype):
		# Moved off the record, it could be published: evidence stays with the centre's records.
		refuse(_("Files of the 112 centre's records stay with its records."))
	if doc.is_new() or doc.has_value_changed("file_url"):
		check_type(doc, strict)
	if strict and (doc.is_new() or doc.has_value_changed("is_private")) and not cint(doc.is_private):
		refuse(_("Files of the 112 centre's records are private: upload them as private files."))
	if (
		doc.is_new()
		or doc.has_value_changed("attached_to_doctype")
		or doc.has_value_changed("attached_to_name")
	):
		check_record(doc, user)


def confined(user: str) -> bool:
	"""Agency staff and the 112 Viewer: nothing they upload is for anything but their records."""
	return not set(frappe.get_roles(user)) & WRITING_ROLES


def is_app_doctype(doctype: str | None) -> bool:
	return bool(doctype and frappe.db.exists("DocType", doctype) and frappe.get_doctype_app(doctype) == APP)


def check_type(doc, strict: bool):
	names = [n for n in (doc.file_name, urlparse(doc.file_url or "").path) if n]
	extensions = {extension_of(n) for n in names}
	remote = (doc.file_url or "").startswith(("http://", "https://"))
	content = b"" if remote else head_of(doc)
	if extensions & MARKUP_EXTENSIONS or looks_like_markup(content):
		refuse(_("SVG, HTML, XML and script files cannot be uploaded."))
	if not strict:
		return
	if remote:
		refuse(_("Files of the 112 centre's records are uploaded, not linked."))
	sniffed = filetype.guess_mime(content) if content else None
	kinds = {ALLOWED_TYPES[e].split("/")[0] for e in extensions if e in ALLOWED_TYPES}
	if (
		not extensions <= ALLOWED_TYPES.keys()
		or sniffed not in ALLOWED_TYPES.values()
		or kinds != {sniffed.split("/")[0]}
	):
		refuse(
			_(
				"Only photos (JPG, PNG, GIF, WebP), PDF documents and sound recordings (MP3, M4A, OGG, WAV)"
				" can be attached, and the file must be what its name says."
			)
		)


def check_record(doc, user: str):
	if doc.flags.ignore_permissions:
		return  # attached by the code itself (e.g. an image pasted into a text the user may write)
	doctype, name = doc.attached_to_doctype, doc.attached_to_name
	if not doctype or not name:
		if confined(user):
			refuse(_("Attach the file to one of your records."))
		return
	if frappe.db.exists(doctype, name):
		allowed = frappe.has_permission(doctype, "write", doc=name, user=user)
	else:  # a form not saved yet: Frappe links the file once the record exists
		allowed = frappe.has_permission(doctype, "create", user=user)
	if not allowed:
		refuse(_("You may not attach files to {0} {1}.").format(_(doctype), name))


def extension_of(name: str) -> str:
	return os.path.splitext(name)[1].lstrip(".").lower()


def head_of(doc) -> bytes:
	"""The first bytes of the file as stored (Frappe has decoded and written them in before_insert)."""
	content = getattr(doc, "_content", None)
	if content is None:
		try:
			content = doc.get_content()
		except OSError:
			return b""
	if isinstance(content, str):
		content = content.encode()
	return (content or b"")[:SNIFF_BYTES]


def looks_like_markup(head: bytes) -> bool:
	"""Markup starts with a tag, after any byte-order mark and blank space."""
	for bom, encoding in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
		if head.startswith(bom):
			head = head[len(bom) :].decode(encoding, "ignore").encode()
			break
	text = head.lstrip(b" \t\r\n\x0b\x0c")
	return text.startswith(b"<") and b">" in text


def refuse(message: str):
	frappe.throw(message, frappe.PermissionError, title=_("Not Permitted"))
