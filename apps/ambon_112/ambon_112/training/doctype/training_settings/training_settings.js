// Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
// For license information, please see license.txt

// Standard form: no client logic (scores are computed on the server).
