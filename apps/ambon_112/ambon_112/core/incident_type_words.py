"""The words callers and call-takers use for each incident type, for the console's type picker.

Types are named in English in the database and shown in Bahasa Indonesia; callers describe them
in their own words ("rumah terbakar", "tabrakan", "pingsan"). A query matches a type by its
name, its shown label or one of these words, each word of the query a prefix of a word there.
An admin's new type is found by its name and label until words are added here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

SYNONYMS: dict[str, tuple[str, ...]] = {
	"Fire": (
		"kebakaran",
		"terbakar",
		"api",
		"asap",
		"kebakaran rumah",
		"rumah terbakar",
		"hangus",
		"korsleting",
	),
	"Medical Emergency": (
		"sakit",
		"pingsan",
		"sesak napas",
		"serangan jantung",
		"stroke",
		"melahirkan",
		"pendarahan",
		"ambulans",
		"luka",
		"kejang",
		"keracunan",
		"tenggelam",
	),
	"Traffic Accident": (
		"kecelakaan",
		"tabrakan",
		"laka lantas",
		"motor jatuh",
		"mobil terbalik",
		"lakalantas",
	),
	"Flood": ("banjir", "genangan", "air naik", "luapan sungai"),
	"Landslide": ("longsor", "tanah longsor", "tebing runtuh"),
	"Earthquake": ("gempa", "gempa bumi", "goncangan"),
	"Tsunami": ("tsunami", "air laut naik", "gelombang besar"),
	"Extreme Weather": ("angin kencang", "badai", "puting beliung", "hujan deras", "cuaca buruk"),
	"Fallen Tree": ("pohon tumbang", "pohon roboh", "pohon jatuh"),
	"Fight": ("perkelahian", "berkelahi", "tawuran", "pengeroyokan", "baku pukul"),
	"Crime": (
		"kejahatan",
		"pencurian",
		"maling",
		"perampokan",
		"jambret",
		"penganiayaan",
		"pembunuhan",
		"kekerasan",
	),
	"Public Disturbance": ("keributan", "mabuk", "ribut", "gangguan ketertiban", "bising"),
	"Missing Person": ("orang hilang", "hilang", "anak hilang", "belum pulang"),
	"Rabies Animal Bite": ("gigitan anjing", "digigit anjing", "rabies", "gigitan"),
	"Wild Animal": ("ular", "buaya", "hewan liar", "sarang tawon", "binatang buas"),
	"Electrical Hazard": ("listrik", "kabel putus", "tiang listrik", "korslet", "tersengat listrik", "pln"),
	"Mental Health Case": ("gangguan jiwa", "odgj", "mengamuk", "percobaan bunuh diri", "depresi"),
	"Public Safety": ("bahaya", "keselamatan", "jalan rusak", "bangunan runtuh"),
	"Hearse Request": ("mobil jenazah", "jenazah", "meninggal"),
	"Other": ("lainnya", "lain"),
}


@dataclass(frozen=True)
class TypeChoice:
	name: str
	label: str  # the name as the user reads it (translated)


def fold(text: str | None) -> str:
	"""Lower case, without accents or punctuation: what a query and a word are compared as."""
	text = unicodedata.normalize("NFKD", text or "")
	text = "".join(c for c in text if not unicodedata.combining(c)).lower()
	return " ".join(re.split(r"[^0-9a-z]+", text)).strip()


def _words(phrases: Iterable[str]) -> list[list[str]]:
	return [fold(p).split() for p in phrases if fold(p)]


def score(query: str, choice: TypeChoice) -> int:
	"""How well ``query`` names ``choice``: 0 for no match; a label or name beats a synonym, a
	whole-word match beats a prefix."""
	terms = fold(query).split()
	if not terms:
		return 1
	best = 0
	sources = ((3, [choice.label, choice.name]), (2, SYNONYMS.get(choice.name, ())))
	for weight, phrases in sources:
		for words in _words(phrases):
			if all(any(w.startswith(t) for w in words) for t in terms):
				exact = all(t in words for t in terms)
				best = max(best, weight * 2 + int(exact))
	return best


def search(query: str, choices: Iterable[TypeChoice], limit: int = 8) -> list[TypeChoice]:
	"""The choices ``query`` matches, best first, then by label."""
	scored = [(score(query, c), c) for c in choices]
	ranked = sorted((s for s in scored if s[0]), key=lambda s: (-s[0], s[1].label.lower()))
	return [c for _, c in ranked[:limit]]
