"""GSM 03.38 (3GPP TS 23.038) 7-bit default alphabet: septet unpacking and decoding.

Older Android handsets send their AML message as a *data* SMS whose user data is the text packed
in 7-bit septets (Google ELS, "Data SMS"); an SMS gateway relays it as hex (or base64, or the raw
octets). Python has no codec for it, so the unpacking and the alphabet are here.
"""

from __future__ import annotations

ESCAPE = 0x1B

# The default alphabet, septet value → character (0x1B is the escape to the extension table).
DEFAULT_ALPHABET = (
	"@£$¥èéùìòÇ\nØø\rÅå"
	"Δ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ"
	" !\"#¤%&'()*+,-./"
	"0123456789:;<=>?"
	"¡ABCDEFGHIJKLMNO"
	"PQRSTUVWXYZÄÖÑÜ§"
	"¿abcdefghijklmno"
	"pqrstuvwxyzäöñüà"
)
# The extension table, reached through the escape; any other value shows its default character.
EXTENSION = {
	0x0A: "\f",
	0x14: "^",
	0x28: "{",
	0x29: "}",
	0x2F: "\\",
	0x3C: "[",
	0x3D: "~",
	0x3E: "]",
	0x40: "|",
	0x65: "€",
}
PADDING = (0x00, 0x0D)  # the last septet of a full final octet: "@" (TS 23.038 before Rel-5) or CR


def unpack_septets(data: bytes, skip_bits: int = 0) -> list[int]:
	"""The 7-bit values packed least significant bit first into ``data`` after ``skip_bits``.

	When the octets hold exactly a whole number of septets, a last septet of padding (the sender
	had 7 spare bits) is dropped.
	"""
	total_bits = len(data) * 8 - skip_bits
	if total_bits < 7:
		return []
	bits = int.from_bytes(data, "little") >> skip_bits
	count = total_bits // 7
	septets = [(bits >> (7 * i)) & 0x7F for i in range(count)]
	if total_bits % 7 == 0 and septets and septets[-1] in PADDING:
		septets.pop()
	return septets


def decode_septets(septets: list[int]) -> str:
	"""The text of GSM default-alphabet septets (with the extension table's escapes)."""
	out, escaped = [], False
	for value in septets:
		if escaped:
			out.append(EXTENSION.get(value, " " if value == ESCAPE else DEFAULT_ALPHABET[value]))
			escaped = False
		elif value == ESCAPE:
			escaped = True
		else:
			out.append(DEFAULT_ALPHABET[value])
	return "".join(out)


def decode_packed(data: bytes, skip_bits: int = 0) -> str:
	return decode_septets(unpack_septets(data, skip_bits))


def user_data_header_bits(data: bytes) -> int:
	"""Bits before the first septet when ``data`` starts with a user data header (UDHL first):
	the header and the fill bits that align the text on a septet boundary."""
	if not data:
		return 0
	header_bits = (data[0] + 1) * 8
	return -(-header_bits // 7) * 7
