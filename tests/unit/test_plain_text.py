"""Plain text stays plain: markup is removed on save, the text a person typed is kept as typed."""

from html.parser import HTMLParser

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ambon_112.core.plain_text import has_markup, html_to_text, strip_markup

# The payloads of the integration battery (tests/integration/xss_payloads.py), as they arrive.
PAYLOADS = [
	"<img src=x onerror=alert(1)>",
	'"</textarea><img src=x onerror=alert(2)>"',
	"<svg onload=alert(3)>",
	"<script>alert(4)</script>",
	"<<script>script>alert(5)<</script>/script>",
	"<img src=x onerror=alert(6)//",
	"<!--><img src=x onerror=alert(7)>-->",
	"<scr<script>ipt>alert(8)</script>",
	"<IMG\nSRC=x\nONERROR=alert(9)>",
	"</ textarea><img src=x onerror=alert(10)>",
	"<?xml x?><a href=javascript:alert(11)>x</a>",
	"<![CDATA[<img src=x onerror=alert(12)>]]>",
]


class Tags(HTMLParser):
	"""Python's own HTML tokenizer: records every tag, comment and declaration it reads."""

	def __init__(self, html: str):
		super().__init__(convert_charrefs=True)
		self.found = []
		self.feed(html)
		self.close()

	def handle_starttag(self, tag, attrs):
		self.found.append(("start", tag, attrs))

	def handle_endtag(self, tag):
		self.found.append(("end", tag))

	def handle_startendtag(self, tag, attrs):
		self.found.append(("startend", tag, attrs))

	def handle_comment(self, data):
		self.found.append(("comment", data))

	def handle_decl(self, decl):
		self.found.append(("decl", decl))

	def handle_pi(self, data):
		self.found.append(("pi", data))

	def unknown_decl(self, data):
		self.found.append(("unknown", data))


@pytest.mark.parametrize(
	"text",
	[
		"a < b",
		"Jl. Sudirman & Pattimura",
		"umur <5 tahun, jarak <= 3 km, suhu > 40",
		"Rumah \"Bapak Ode\" di lorong 'Belakang Soya'",
		"javascript:void(0) adalah teks biasa",
		"Api besar\nasap hitam",
		"3 < 4 > 2",
		"<",
		"",
		"+62 811-4711-112",
	],
)
def test_a_person_s_text_is_kept_exactly(text):
	assert strip_markup(text) == text
	assert not has_markup(text)


@pytest.mark.parametrize(
	"typed, stored",
	[
		("Api <b>besar</b> di pasar", "Api besar di pasar"),
		("<img src=x onerror=alert(1)>Kebakaran", "Kebakaran"),
		('"</textarea><img src=x onerror=alert(2)>"', '""'),
		("<script>alert(4)</script>", "alert(4)"),
		("a<b", "a< b"),
		("<img src=x onerror=alert(6)//", "< img src=x onerror=alert(6)//"),
		("<scr<script>ipt>alert(8)</script>", "< script>alert(8)"),
	],
)
def test_markup_is_removed_and_the_text_kept(typed, stored):
	assert strip_markup(typed) == stored


@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_payload_leaves_a_tag(payload):
	assert has_markup(payload)
	cleaned = strip_markup(payload)
	assert not has_markup(cleaned)
	assert Tags(cleaned).found == []


def test_values_that_are_not_text_pass_through():
	for value in (None, 0, 1.5, b"<b>", ["<b>"]):
		assert strip_markup(value) is value
		assert not has_markup(value)


# Text built from the characters markup is made of, so that tags, broken tags and lone "<" occur often.
MARKUP_ISH = st.text(alphabet=st.sampled_from(list("<>/!?-=\"' \nabsvgimcrpt&;:x()1")), max_size=60)
ANY_TEXT = st.one_of(st.text(max_size=60), MARKUP_ISH)
PLAIN = st.text(alphabet=st.characters(blacklist_characters="<"), max_size=20)
TAG_NAMES = st.sampled_from(["b", "img", "svg", "script", "/p", "!--", "?xml", "a", "IMG", "/textarea"])
ATTRIBUTES = st.text(alphabet=st.characters(blacklist_characters="<>"), max_size=20)


@given(ANY_TEXT)
def test_nothing_a_parser_reads_as_a_tag_remains(text):
	cleaned = strip_markup(text)
	assert not has_markup(cleaned)
	assert Tags(cleaned).found == []


@given(ANY_TEXT)
def test_a_cleaned_value_cannot_swallow_the_markup_around_it(text):
	"""An unclosed "<img ..." printed raw before a page's own "</div>" would become a tag with it."""
	page = f'<div title="t">{strip_markup(text)}</div><p>after</p>'
	assert [f[:2] for f in Tags(page).found] == [
		("start", "div"),
		("end", "div"),
		("start", "p"),
		("end", "p"),
	]


@given(ANY_TEXT)
def test_cleaning_twice_changes_nothing_more(text):
	once = strip_markup(text)
	assert strip_markup(once) == once


@given(st.text(alphabet=st.characters(blacklist_characters="<"), max_size=80))
def test_text_without_a_less_than_sign_is_never_touched(text):
	assert strip_markup(text) == text


@given(st.lists(st.tuples(PLAIN, TAG_NAMES, ATTRIBUTES), max_size=5), PLAIN)
def test_tags_go_and_the_text_between_them_stays(pieces, tail):
	typed = "".join(f"{text}<{name}{' ' + attrs if attrs else ''}>" for text, name, attrs in pieces) + tail
	assert strip_markup(typed) == "".join(text for text, _name, _attrs in pieces) + tail


def test_a_comment_reads_as_its_text():
	html = (
		'<div class="ql-editor read-mode"><p>Unit <b>tiba</b> 10:02</p><p>Jl. A &amp; B &lt;3&gt;</p></div>'
	)
	assert html_to_text(html) == "Unit tiba 10:02\nJl. A & B <3>"
	assert html_to_text(None) == "" and html_to_text("") == ""
	assert html_to_text("baris 1<br>baris 2") == "baris 1\nbaris 2"
