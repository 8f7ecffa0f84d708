// Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
// For license information, please see license.txt

// Standard form: a drill is recorded by `bench --site SITE ambon112-restore-drill` or the monthly job.
