"""The scenario library and review checklist a new site starts with; seeded once, never overwritten.

Through setup/seeding.py: each key is created the first time and remembered, so a migrate never
overwrites a trainer's edit nor brings back a scenario a trainer deleted. Places are real
kelurahan/desa of Kota Ambon (fixtures/ambon_areas.geojson, by Kemendagri code) and landmarks the
operators know; caller numbers are fictitious (0812-0000-…) so a drill's AML never matches a
real caller.
"""

import json

import frappe

from ambon_112.core.aml import sms_length_field
from ambon_112.setup.seeding import seed_once

SEEDED_KEY = "ambon112_training_seeded"
CHECKLIST = "Standar Review Panggilan 112"

# code, lat, lng of the places the scenarios use
BATU_MERAH = ("81.71.02.2003", -3.682196, 128.212288)
HONIPOPU = ("81.71.02.1018", -3.695031, 128.178801)  # Pasar Mardika
URITETU = ("81.71.02.1017", -3.694214, 128.183932)  # Jl. Jenderal Sudirman
AMAHUSU = ("81.71.01.2004", -3.730212, 128.154968)
NUSANIWE = ("81.71.01.2003", -3.751659, 128.144123)
GALALA = ("81.71.02.2002", -3.665245, 128.200083)
BATU_GAJAH = ("81.71.02.1016", -3.707629, 128.187688)
POKA = ("81.71.04.2002", -3.646759, 128.191067)
PASSO = ("81.71.03.2001", -3.614237, 128.25371)
KARANG_PANJANG = ("81.71.02.1013", -3.695091, 128.192337)
BENTENG = ("81.71.01.1008", -3.712252, 128.164625)
WAIHAONG = ("81.71.01.1012", -3.700341, 128.175474)
LATUHALAT = ("81.71.01.2001", -3.778808, 128.114711)
HATIVE_KECIL = ("81.71.02.2001", -3.670858, 128.201734)
NATSEPA = (None, -3.6226, 128.3095)  # Kabupaten Maluku Tengah: outside the city
_AML_BODY = 'A"ML=1;lt=-3.62260;lg=+128.30950;rd=15;top=20261130060000;lc=90;pm=G;si=510100000000115;ei=35100000000115;mcc=510;mnc=10'
NATSEPA_AML = _AML_BODY + sms_length_field(_AML_BODY)


def step(caller_says, cue=None, after_seconds=0, rings_new_call=0):
	return {
		"cue": cue,
		"caller_says": caller_says,
		"after_seconds": after_seconds,
		"rings_new_call": rings_new_call,
	}


def scenario(name, category, difficulty, number, place, landmark, classification, steps, **expected):
	code, lat, lng = place if place else (None, None, None)
	return name, {
		"scenario_name": name,
		"category": category,
		"difficulty": difficulty,
		"caller_number": number,
		"kelurahan": code,
		"latitude": lat,
		"longitude": lng,
		"landmark": landmark,
		"expected_classification": classification,
		"expected_incident_type": expected.get("incident_type"),
		"expected_priority": expected.get("priority"),
		"expected_agency_types": "\n".join(expected.get("agencies", ())),
		"expected_triage_answers": json.dumps(expected.get("answers", {}), ensure_ascii=False),
		"calls": expected.get("calls", 1),
		"call_offsets": ", ".join(str(o) for o in expected.get("offsets", ())),
		"duplicate_of_call": 1 if expected.get("calls", 1) > 1 else 0,
		"aml_sms": expected.get("aml_sms"),
		"description": expected.get("briefing"),
		"steps": [step(*s) if isinstance(s, tuple) else step(s) for s in steps],
	}


FIRE, MED, POLICE, DM, SAR = (
	"Fire",
	"Ambulance / Health",
	"Police",
	"Disaster Management",
	"Search and Rescue",
)
SCENARIOS = dict(
	[
		scenario(
			"Kebakaran rumah di Batu Merah",
			"Emergency",
			"Basic",
			"081200000101",
			BATU_MERAH,
			"Dekat Masjid Raya Al-Fatah",
			"Emergency",
			[
				"Tolong! Rumah tetangga terbakar, apinya sudah besar!",
				("Di Batu Merah, di belakang Masjid Raya Al-Fatah.", "Di mana lokasinya?"),
				("Belum tahu, ada anak-anak di dalam mungkin.", "Ada orang di dalam?"),
			],
			incident_type="Fire",
			priority="P1",
			agencies=[FIRE, POLICE],
		),
		scenario(
			"Kebakaran Pasar Mardika",
			"Rare Event",
			"Advanced",
			"081200000102",
			HONIPOPU,
			"Pasar Mardika",
			"Emergency",
			[
				"Pasar Mardika terbakar! Los pakaian sudah habis, asap hitam tebal!",
				("Banyak pedagang masih di dalam, ada yang sesak napas.", "Ada korban?"),
			],
			incident_type="Fire",
			priority="P1",
			agencies=[FIRE, POLICE, MED],
			calls=3,
			briefing="Tiga penelepon tentang kebakaran yang sama: panggilan 2 dan 3 ditautkan ke insiden panggilan 1.",
		),
		scenario(
			"Kecelakaan motor di Jl. Jenderal Sudirman",
			"Emergency",
			"Basic",
			"081200000103",
			URITETU,
			"Jl. Jenderal Sudirman depan Gereja Maranatha",
			"Emergency",
			[
				"Ada tabrakan motor dengan angkot di Jalan Sudirman!",
				("Satu orang terkapar, kakinya berdarah, masih sadar.", "Ada yang terluka?"),
			],
			incident_type="Traffic Accident",
			priority="P2",
			agencies=[MED, POLICE, "Transport"],
		),
		scenario(
			"Tanah longsor di perbukitan Nusaniwe",
			"Rare Event",
			"Advanced",
			"081200000104",
			NUSANIWE,
			"Jalan ke Dusun Seri",
			"Emergency",
			[
				"Tanah longsor! Dua rumah tertimbun di atas bukit!",
				("Ada satu keluarga belum keluar, kami gali pakai tangan.", "Ada orang tertimbun?"),
			],
			incident_type="Landslide",
			priority="P1",
			agencies=[DM, SAR, MED],
		),
		scenario(
			"Perahu bocor di Teluk Ambon",
			"Rare Event",
			"Intermediate",
			"081200000105",
			GALALA,
			"Dermaga Galala",
			"Emergency",
			[
				"Perahu motor bocor di tengah teluk, lima orang di atas!",
				("Kelihatan dari Dermaga Galala, mereka lambai-lambai.", "Dari mana Bapak melihat?"),
			],
			incident_type="Missing Person",
			priority="P2",
			agencies=[POLICE, SAR],
		),
		scenario(
			"Gempa: rumah roboh di Batu Merah",
			"Multi-Call",
			"Advanced",
			"081200000106",
			BATU_MERAH,
			"Pasar Batu Merah",
			"Emergency",
			["Gempa! Rumah di sebelah roboh, ada orang terjepit!"],
			incident_type="Earthquake",
			priority="P1",
			agencies=[DM, SAR, MED],
			calls=3,
			offsets=[0, 20, 45],  # the earthquake minute: 8 calls in 50 s, interleaved
			briefing="Menit gempa (1/3): tiga panggilan tentang rumah roboh di Batu Merah.",
		),
		scenario(
			"Gempa: gedung retak di Karang Panjang",
			"Multi-Call",
			"Advanced",
			"081200000107",
			KARANG_PANJANG,
			"Kantor Gubernur Maluku",
			"Emergency",
			["Gempa tadi, dinding kantor retak besar, orang-orang panik turun tangga."],
			incident_type="Earthquake",
			priority="P1",
			agencies=[DM, SAR, MED],
			calls=3,
			offsets=[5, 30, 50],  # the earthquake minute: 8 calls in 50 s, interleaved
			briefing="Menit gempa (2/3): tiga panggilan tentang gedung retak di Karang Panjang.",
		),
		scenario(
			"Gempa: kebakaran setelah gempa di Benteng",
			"Multi-Call",
			"Advanced",
			"081200000108",
			BENTENG,
			"Jalan Benteng Atas",
			"Emergency",
			["Setelah gempa ada tabung gas meledak, rumah terbakar!"],
			incident_type="Fire",
			priority="P1",
			agencies=[FIRE, POLICE],
			calls=2,
			offsets=[10, 40],  # the earthquake minute: 8 calls in 50 s, interleaved
			briefing="Menit gempa (3/3): dua panggilan tentang kebakaran di Benteng; bersama dua skenario gempa lain: 8 panggilan, 3 insiden.",
		),
		scenario(
			"Banjir di Batu Gajah",
			"Emergency",
			"Intermediate",
			"081200000109",
			BATU_GAJAH,
			"Kali Batu Gajah",
			"Emergency",
			["Air kali naik, rumah-rumah di pinggir kali Batu Gajah sudah kena banjir setinggi pinggang."],
			incident_type="Flood",
			priority="P2",
			agencies=[DM, SAR],
		),
		scenario(
			"Orang pingsan, penelepon tidak tahu alamat",
			"Location",
			"Advanced",
			"081200000110",
			POKA,
			"Kampus Universitas Pattimura",
			"Emergency",
			[
				"Tolong, teman saya pingsan, tidak bernapas baik!",
				("Saya tidak tahu alamatnya... ada gedung besar, banyak mahasiswa.", "Di mana alamatnya?"),
				("Ada tulisan Universitas Pattimura di gerbang.", "Apa yang terlihat di sekitar?"),
			],
			incident_type="Medical Emergency",
			priority="P2",
			agencies=[MED],
		),
		scenario(
			"Telepon iseng",
			"Non-Emergency",
			"Basic",
			"081200000111",
			None,
			None,
			"Prank",
			["Halo 112? Hahaha, ada kebakaran di rumah... rumah siput! Hahaha."],
		),
		scenario(
			"Panggilan diam",
			"Non-Emergency",
			"Intermediate",
			"081200000112",
			None,
			None,
			"Ghost / Silent",
			["(diam, hanya suara napas; tidak ada jawaban setelah tiga kali ditanya)"],
		),
		scenario(
			"Salah sambung",
			"Non-Emergency",
			"Basic",
			"081200000113",
			None,
			None,
			"Wrong Number",
			["Halo, ini toko bangunan Sinar Jaya? Saya mau pesan semen."],
		),
		scenario(
			"Permintaan informasi apotek",
			"Non-Emergency",
			"Basic",
			"081200000114",
			None,
			None,
			"Information Request",
			["Selamat malam, apotek mana yang buka 24 jam di sekitar Jalan AY Patty?"],
		),
		scenario(
			"Penelepon di luar Kota Ambon (AML)",
			"Location",
			"Intermediate",
			"081200000115",
			NATSEPA,
			"Pantai Natsepa",
			"Emergency",
			[
				"Ada anak tenggelam di pantai, sudah diangkat tapi tidak sadar!",
				("Di Pantai Natsepa.", "Di pantai mana?"),
			],
			incident_type="Medical Emergency",
			priority="P1",
			agencies=[MED],
			aml_sms=NATSEPA_AML,
		),
		scenario(
			"Penelepon hanya menyebut landmark",
			"Location",
			"Intermediate",
			"081200000116",
			WAIHAONG,
			"Lapangan Merdeka",
			"Emergency",
			[
				"Ada orang berkelahi pakai parang dekat Lapangan Merdeka!",
				("Pokoknya dekat Lapangan Merdeka, saya tidak tahu nama jalan.", "Di jalan apa?"),
			],
			incident_type="Fight",
			priority="P2",
			agencies=[POLICE],
		),
		scenario(
			"Pohon tumbang di Amahusu",
			"Emergency",
			"Basic",
			"081200000117",
			AMAHUSU,
			"Jalan Amahusu dekat pantai",
			"Emergency",
			["Pohon besar tumbang menutup jalan di Amahusu, kabel listrik ikut putus."],
			incident_type="Fallen Tree",
			priority="P3",
			agencies=["Environment", DM],
		),
		scenario(
			"Sesak napas lansia di Passo",
			"Emergency",
			"Basic",
			"081200000118",
			PASSO,
			"Gereja Passo",
			"Emergency",
			["Mama saya sesak napas, bibirnya biru, umur tujuh puluh tahun."],
			incident_type="Medical Emergency",
			priority="P2",
			agencies=[MED],
		),
		scenario(
			"Pencurian motor di Hative Kecil",
			"Emergency",
			"Basic",
			"081200000119",
			HATIVE_KECIL,
			"Terminal Hative Kecil",
			"Emergency",
			["Motor saya baru dicuri di depan warung, pelakunya lari ke arah Galala."],
			incident_type="Crime",
			priority="P2",
			agencies=[POLICE],
		),
		scenario(
			"Anak hilang di Pantai Latuhalat",
			"Emergency",
			"Intermediate",
			"081200000120",
			LATUHALAT,
			"Pantai Santai Latuhalat",
			"Emergency",
			["Anak saya umur enam tahun hilang di pantai, sudah satu jam dicari."],
			incident_type="Missing Person",
			priority="P2",
			agencies=[POLICE, SAR],
		),
		scenario(
			"Panggilan uji dari teknisi",
			"Non-Emergency",
			"Basic",
			"081200000121",
			None,
			None,
			"Test",
			["Selamat pagi, ini teknisi Telkomsel, uji jalur 112, mohon konfirmasi terima."],
		),
		scenario(
			"Panggilan terputus",
			"Non-Emergency",
			"Basic",
			"081200000122",
			None,
			None,
			"Dropped",
			["Halo, tolong... (sambungan terputus)"],
		),
	]
)

CHECKLIST_ITEMS = (
	("Salam pembuka sesuai standar", 1),
	("Lokasi diverifikasi", 2),
	("Pertanyaan triase ditanyakan", 2),
	("Klasifikasi benar", 2),
	("Waktu sampai dispatch sesuai standar", 2),
	("Sikap dan bahasa profesional", 1),
)


def seed_training_defaults() -> list[str]:
	"""Create the scenarios and checklist never seeded before on this site; returns the keys created."""
	from ambon_112.training.settings import seed_settings

	seed_settings()
	checklist = {
		"doctype": "Call Review Checklist",
		"checklist_name": CHECKLIST,
		"is_default": 1,
		"items": [{"item": i, "weight": w} for i, w in CHECKLIST_ITEMS],
	}
	records = {
		key: (spec["scenario_name"], {"doctype": "Training Scenario", **spec})
		for key, spec in SCENARIOS.items()
	}
	# Installed before the reference data (areas, incident types) is loaded: the scenarios link to
	# records that load-reference-data creates under these very names.
	return seed_once(SEEDED_KEY, {**records, CHECKLIST: (CHECKLIST, checklist)}, ignore_links=True)
