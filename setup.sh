#!/usr/bin/env bash
# Runs ambon_112: installs what the machine lacks, builds a Frappe v15 bench, installs the app on
# a site with Ambon's reference data (and a small demo data set), and starts it: the desk answers
# at http://localhost:8000 (Administrator / admin; demo users in the README).
#
#   ./setup.sh [--bench DIR] [--site NAME] [--no-demo] [--no-start] [--bind ADDRESS] [--dev]
#              [--production] [bench init options ...]
#
# It runs the system as production does (gunicorn, the scheduler, a worker and socket.io, behind
# a front on 127.0.0.1:8000: sites/Procfile.template), never as Frappe's development server;
# `--bind 0.0.0.0` (or AMBON112_BIND) serves other machines too, `--dev` runs `bench start` with
# Frappe's development server instead (sites/Procfile.dev.template). `--production` sets up Frappe's
# production instead (`bench setup production`: supervisor runs gunicorn, socket.io, the scheduler
# and the workers, nginx serves the site on port 80; see the README, "Production").
# Options it does not know go to `bench init`, e.g. `--frappe-path ../frappe` (a local Frappe
# source) or `--skip-assets` (no desk assets: the API works, desk pages do not). It is safe to run
# again: every step skips what is already there.
# Environment: AMBON112_ADMIN_PASSWORD (default admin); AMBON112_DB_ADMIN_USER and
# AMBON112_DB_ADMIN_PASSWORD (the MariaDB user that creates sites; created when missing, using
# MariaDB's root, whose password AMBON112_DB_ROOT_PASSWORD gives if it has one).
set -euo pipefail

repo="$(cd "$(dirname "$0")" && pwd)"
bench_dir="${AMBON112_BENCH:-$HOME/ambon112-bench}"
site="ambon112.localhost"
demo=1
start=1
dev=0
production=0
bind="${AMBON112_BIND:-127.0.0.1}"
skip_assets=0
init_args=()
while [ $# -gt 0 ]; do
	case "$1" in
	--bench) bench_dir="$2"; shift 2 ;;
	--site) site="$2"; shift 2 ;;
	--no-demo) demo=0; shift ;;
	--no-start) start=0; shift ;;
	--dev) dev=1; shift ;;
	--production) production=1; shift ;;
	--bind) bind="$2"; shift 2 ;;
	--skip-assets) skip_assets=1; init_args+=("$1"); shift ;;
	*) init_args+=("$1"); shift ;;
	esac
done
bench_dir="$(mkdir -p "$(dirname "$bench_dir")" && cd "$(dirname "$bench_dir")" && pwd)/$(basename "$bench_dir")"
export DB_ADMIN_USER="${AMBON112_DB_ADMIN_USER:-ambon112_admin}"
export DB_ADMIN_PASSWORD="${AMBON112_DB_ADMIN_PASSWORD:-ambon112-admin}"
admin_password="${AMBON112_ADMIN_PASSWORD:-admin}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

step() { printf '\n==> %s\n' "$*"; }
have() { command -v "$1" >/dev/null 2>&1; }

# --production: Frappe's own production set-up of this bench, run last. Everything is bench's
# (`bench setup production`); this only prepares what bench assumes and cannot do itself.
production_setup() {
	step "Production: Frappe's supervisor and nginx set-up"
	# bench's prerequisites: with nginx, supervisor and fail2ban present and ansible on PATH it
	# skips its own ansible roles; it calls sudo for nginx and the services, even as root.
	local packages=()
	have nginx || packages+=(nginx)
	have supervisorctl || packages+=(supervisor)
	have fail2ban-client || packages+=(fail2ban)
	have ansible || packages+=(ansible-core)
	have sudo || packages+=(sudo)
	have curl || packages+=(curl)
	if [ ${#packages[@]} -gt 0 ]; then
		$sudo apt-get update
		$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${packages[@]}"
	fi
	# The queues sized for a call centre, and nginx trusted by the log-in throttle (README).
	merge_json "$repo/sites/common_site_config.production.template.json" sites/common_site_config.json
	# Links in e-mails and the portal point at nginx (port 80), not at the default run's :8000; nginx
	# serves this site on port 80 (bench would give 80 to whichever site it lists first, e.g. a test
	# site of tests/run).
	bench --site "$site" set-config host_name "${AMBON112_HOST_NAME:-http://localhost}"
	bench --site "$site" set-config -p nginx_port 80
	# `setup production` links its supervisor.conf into /etc and reloads supervisor only when this is
	# on before it starts (it turns it on itself only while it writes the file).
	bench config restart_supervisor_on_update on
	# bench reloads supervisor (supervisorctl reread/update) and nginx (service nginx reload), so both
	# must be running first: with systemd, apt started them; in a container without it nothing did.
	$sudo supervisorctl pid >/dev/null 2>&1 || $sudo service supervisor start
	$sudo service nginx status >/dev/null 2>&1 || $sudo service nginx start
	# nginx's workers (www-data) serve /assets and public files from sites/ themselves, through the
	# links in sites/assets (into apps/ and this checkout), so they must reach them: traversal (o+x)
	# on each folder above, as Frappe's guide asks for the bench user's home (e.g. /root).
	local path dir
	for path in "$bench_dir/sites" "$bench_dir"/sites/assets/*/; do
		dir="$(readlink -f "$path")"
		while [ "$dir" != / ]; do
			dir="$(dirname "$dir")"
			if [ "$(stat -c %A "$dir" | cut -c10)" = - ]; then
				echo "nginx (www-data) must reach $path: chmod o+x $dir"
				$sudo chmod o+x "$dir"
			fi
		done
	done
	# bench wants root for this one (`sudo bench setup production USER`); the programs run as USER.
	$sudo env "PATH=$PATH" bench setup production "$(id -un)" --yes
	# The bench uses the machine's Redis (common_site_config.json, redis_*): the supervisor config
	# again without the Redis programs of bench's own that `setup production` always adds.
	bench setup supervisor --yes --skip-redis
	$sudo supervisorctl reread
	$sudo supervisorctl update
	local name tries=0
	name="$(basename "$bench_dir")"
	until curl -sf -o /dev/null "http://127.0.0.1/api/method/ping"; do
		tries=$((tries + 1))
		if [ "$tries" -gt 180 ]; then
			$sudo supervisorctl status || true
			echo "The site does not answer through nginx: see $bench_dir/logs/web.error.log" >&2
			exit 1
		fi
		sleep 1
	done
	$sudo supervisorctl status
	echo "Production: http://localhost through nginx (Administrator / $admin_password)."
	echo "Restart one piece, e.g.: ${sudo:+sudo }supervisorctl restart $name-web:$name-frappe-web"
	exit 0
}

step "1/8 System packages (only what is missing)"
packages=()
have git || packages+=(git)
have mariadb || packages+=(mariadb-server mariadb-client)
have redis-server || packages+=(redis-server)
have node || packages+=(nodejs npm)
have npm || packages+=(npm)
have crontab || packages+=(cron)
have pkg-config || packages+=(pkg-config)
have wkhtmltopdf || packages+=(wkhtmltopdf)
python3 -c "import venv, ensurepip" 2>/dev/null || packages+=(python3-venv python3-dev)
if [ ${#packages[@]} -gt 0 ]; then
	$sudo apt-get update
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y "${packages[@]}"
fi
have yarn || $sudo npm install -g yarn
mariadb-admin ping -h 127.0.0.1 --silent 2>/dev/null || $sudo service mariadb start
redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 || $sudo service redis-server start

step "2/8 The bench command (frappe-bench from PyPI)"
bench_path_prefix="" # what the printed start command needs to find bench (and its honcho)
if ! have bench; then
	cli="$HOME/.local/share/ambon112/bench-cli"
	[ -x "$cli/bin/bench" ] || { python3 -m venv "$cli" && "$cli/bin/pip" install --quiet frappe-bench; }
	export PATH="$cli/bin:$PATH"
	bench_path_prefix="PATH=$(printf '%q' "$cli/bin"):\$PATH "
fi

step "3/8 MariaDB user $DB_ADMIN_USER, which creates the sites"
if ! mariadb -h 127.0.0.1 -u "$DB_ADMIN_USER" -p"$DB_ADMIN_PASSWORD" -e "select 1" >/dev/null 2>&1; then
	root_pw=()
	[ -n "${AMBON112_DB_ROOT_PASSWORD:-}" ] && root_pw=(-p"$AMBON112_DB_ROOT_PASSWORD")
	$sudo mariadb -u root "${root_pw[@]}" <<SQL
CREATE USER IF NOT EXISTS '$DB_ADMIN_USER'@'localhost' IDENTIFIED BY '$DB_ADMIN_PASSWORD';
CREATE USER IF NOT EXISTS '$DB_ADMIN_USER'@'127.0.0.1' IDENTIFIED BY '$DB_ADMIN_PASSWORD';
GRANT ALL PRIVILEGES ON *.* TO '$DB_ADMIN_USER'@'localhost' WITH GRANT OPTION;
GRANT ALL PRIVILEGES ON *.* TO '$DB_ADMIN_USER'@'127.0.0.1' WITH GRANT OPTION;
FLUSH PRIVILEGES;
SQL
fi

step "4/8 Frappe v15 bench at $bench_dir"
if [ ! -d "$bench_dir/apps/frappe" ]; then
	parent="$(dirname "$bench_dir")"
	made_sites=""
	if [ "$(id -u)" -eq 0 ] && [ ! -e "$parent/sites/common_site_config.json" ]; then
		# bench refuses root unless the folder it runs in says frappe_user is root.
		mkdir -p "$parent/sites" && echo '{"frappe_user": "root"}' >"$parent/sites/common_site_config.json"
		made_sites=1
	fi
	have crontab || init_args+=(--no-backups)
	(cd "$parent" && bench init --frappe-branch version-15 --skip-redis-config-generation \
		"${init_args[@]}" "$(basename "$bench_dir")")
	[ -z "$made_sites" ] || rm -rf "$parent/sites"
fi
cd "$bench_dir"
# google-api-python-client still imports pkg_resources, gone from setuptools 81.
./env/bin/python -m pip install --quiet 'setuptools<81'

merge_json() { # template target
	python3 - "$1" "$2" <<'PY'
import json, os, string, sys
template, target = sys.argv[1:]
values = json.loads(string.Template(open(template).read()).substitute(os.environ))
current = json.load(open(target)) if os.path.exists(target) else {}
if os.geteuid() == 0 and target.endswith("common_site_config.json"):
	values["frappe_user"] = "root"
current.update(values)
json.dump(current, open(target, "w"), indent=1, sort_keys=True)
PY
}
merge_json "$repo/sites/common_site_config.template.json" sites/common_site_config.json

step "5/8 The ambon_112 app, linked from this checkout"
[ -e apps/ambon_112 ] || ln -s "$repo/apps/ambon_112" apps/ambon_112
./env/bin/python -m pip install --quiet --no-deps -e apps/ambon_112
if ! grep -qx ambon_112 sites/apps.txt; then
	[ -z "$(tail -c1 sites/apps.txt)" ] || echo >>sites/apps.txt
	echo ambon_112 >>sites/apps.txt
fi

# Bytecode for every module the bench runs. uv (bench's installer) writes none, and where
# PYTHONDONTWRITEBYTECODE is set nothing ever does: then each RQ job (a fork of the worker) compiled
# Frappe's and the app's modules from source again, which cost a call centre's worker most of its CPU.
# (Some packages ship files that are not Python 3 on purpose, test data: compileall reports them.)
./env/bin/python -m compileall -q -j 0 apps/frappe/frappe "$repo/apps/ambon_112/ambon_112" \
	env/lib/python*/site-packages >/dev/null 2>&1 || true

step "6/8 Site $site"
if [ ! -d "sites/$site" ]; then
	bench new-site "$site" --admin-password "$admin_password" --db-root-username "$DB_ADMIN_USER" \
		--db-root-password "$DB_ADMIN_PASSWORD" --no-mariadb-socket </dev/null
fi
bench --site "$site" list-apps | grep -q ambon_112 || bench --site "$site" install-app ambon_112
bench --site "$site" migrate
merge_json "$repo/sites/site_config.template.json" "sites/$site/site_config.json"
bench use "$site"
bench --site "$site" enable-scheduler
# The app sets Ambon's time zone and language itself, which is all Frappe's setup wizard would ask
# on a plain-Frappe site; without this every desk user would be sent to the wizard first.
bench --site "$site" execute frappe.db.set_single_value --args '["System Settings", "setup_complete", 1]'

step "7/8 Ambon reference data$([ "$demo" = 1 ] && echo ' and demo data')"
demo_flag=()
[ "$demo" = 1 ] && demo_flag=(--demo)
bench --site "$site" ambon112-load-data --path "$repo/fixtures" "${demo_flag[@]}"

step "8/8 Desk assets and processes"
if [ "$skip_assets" = 0 ] || [ "$production" = 1 ]; then # nginx serves them
	# CI=1: build here instead of trying to download prebuilt assets.
	if [ ! -f sites/assets/assets.json ]; then
		CI=1 bench build
	elif [ ! -e sites/assets/ambon_112 ]; then
		# bench init built Frappe's assets before the app was linked: link the app's public folder.
		CI=1 bench build --app ambon_112
	fi
fi
[ "$production" = 0 ] || production_setup # above; it ends the script
# The run command: `bench start --no-dev` on the production-like Procfile, whose values (read by
# bench start's honcho from .env) are the site and the address to serve on; `bench start` with
# DEV_SERVER on the development Procfile only with --dev.
if [ "$dev" = 1 ]; then
	cp "$repo/sites/Procfile.dev.template" Procfile
	start_args=(start)
	url="http://localhost:8000 (Frappe's development server)"
else
	cp "$repo/sites/Procfile.template" Procfile
	cat >.env <<ENV
AMBON112_SITE=$site
AMBON112_BIND=$bind
AMBON112_WEB_WORKERS=$(($(nproc) * 2 + 1))
ENV
	start_args=(start --no-dev)
	case "$bind" in
	127.0.0.1) url="http://localhost:8000" ;;
	0.0.0.0 | ::) url="http://localhost:8000 and port 8000 of every address of this machine" ;;
	*) url="http://$bind:8000" ;;
	esac
fi
if [ "$start" = 1 ]; then
	echo "Starting: $url (Administrator / $admin_password). Ctrl-C stops it."
	exec bench "${start_args[@]}"
fi
echo "Ready. Start it with: cd $(printf '%q' "$bench_dir") && ${bench_path_prefix}bench ${start_args[*]}"
