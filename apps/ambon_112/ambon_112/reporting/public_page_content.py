"""The first text of the public page /112 (Bahasa Indonesia), seeded once; admins own it afterwards."""

import frappe

SEEDED_MARK = "ambon112_public_page_seeded"

CONTENT = {
	"intro": (
		"<p><strong>112 adalah nomor darurat tunggal Kota Ambon.</strong> Satu nomor untuk kebakaran, "
		"kecelakaan, orang sakit atau terluka parah, kejahatan yang sedang terjadi, bencana dan orang "
		"hilang di laut. Operator kami meneruskan laporan Anda ke instansi yang tepat.</p>"
	),
	"when_to_call": (
		"<ul><li>Ada nyawa yang terancam: orang tidak sadar, sesak napas, perdarahan hebat.</li>"
		"<li>Kebakaran rumah, kendaraan, hutan atau lahan.</li>"
		"<li>Kecelakaan lalu lintas dengan korban.</li>"
		"<li>Kejahatan yang sedang terjadi atau baru saja terjadi.</li>"
		"<li>Banjir, tanah longsor, gempa, pohon tumbang yang menutup jalan.</li>"
		"<li>Orang tenggelam atau perahu dalam bahaya di laut.</li></ul>"
	),
	"when_not_to_call": (
		"<ul><li>Menanyakan informasi umum, jadwal, atau nomor telepon instansi.</li>"
		"<li>Keluhan yang tidak mendesak (lampu jalan mati, sampah, kebisingan ringan).</li>"
		"<li>Mencoba apakah nomor 112 berfungsi, atau sekadar iseng.</li></ul>"
		"<p>Jika Anda tidak sengaja menelepon 112, <strong>jangan langsung menutup telepon</strong>: "
		"katakan kepada operator bahwa tidak ada keadaan darurat.</p>"
	),
	"operator_questions": (
		"<ol><li>Di mana lokasi kejadian?</li><li>Apa yang terjadi?</li>"
		"<li>Berapa orang yang terluka atau dalam bahaya?</li>"
		"<li>Nomor telepon yang bisa dihubungi kembali.</li></ol>"
		"<p>Jawab dengan tenang dan jangan menutup telepon sebelum operator mengizinkan. "
		"Bantuan sudah bisa diberangkatkan sambil Anda masih berbicara.</p>"
	),
	"location_help": (
		"<ul><li>Sebutkan <strong>kelurahan atau desa</strong> dan kecamatan (misalnya Batu Merah, Sirimau).</li>"
		"<li>Nama jalan, lorong atau RT/RW jika Anda tahu.</li>"
		"<li>Patokan yang mudah dikenali: masjid, gereja, sekolah, pasar, toko, dermaga.</li>"
		"<li>Jika Anda tidak tahu di mana Anda berada, jelaskan apa yang Anda lihat di sekitar Anda.</li></ul>"
	),
	"free_24h": (
		"<p><strong>Gratis</strong> dari semua operator seluler dan telepon rumah, tanpa pulsa, "
		"<strong>24 jam sehari, 7 hari seminggu</strong>, termasuk hari libur.</p>"
	),
	"prank_calls": (
		"<p>Setiap panggilan iseng membuat operator sibuk, sementara orang lain yang benar-benar dalam "
		"bahaya harus menunggu. Mengirim mobil pemadam atau ambulans ke laporan palsu menjauhkan mereka "
		"dari keadaan darurat yang sebenarnya.</p>"
		"<p>Laporan palsu dapat dipidana (antara lain Pasal 220 KUHP tentang laporan palsu kepada "
		"penguasa). Nomor yang berulang kali melakukan panggilan iseng dicatat dan dapat dilaporkan "
		"kepada operator seluler dan kepolisian.</p>"
	),
	"agencies": (
		"<ul><li>Pemadam Kebakaran Kota Ambon</li><li>PSC 119 (ambulans dan layanan kesehatan)</li>"
		"<li>Polresta Pulau Ambon dan Pulau-Pulau Lease</li><li>BPBD (penanggulangan bencana)</li>"
		"<li>Basarnas / SAR</li><li>Satpol PP, Dinas Perhubungan, PLN dan instansi lain sesuai kejadian</li></ul>"
		"<p>Layanan 112 dikelola oleh Dinas Komunikasi, Informatika dan Persandian Kota Ambon.</p>"
	),
}


def seed_public_page():
	"""Once per site: a later migrate never overwrites what admins wrote (or deliberately emptied)."""
	if frappe.db.get_default(SEEDED_MARK):
		return
	page = frappe.get_single("Public 112 Page")
	if not any(page.get(field) for field in CONTENT):
		page.update(CONTENT)
		page.is_published = 1
		page.save(ignore_permissions=True)
	frappe.db.set_default(SEEDED_MARK, "1")
