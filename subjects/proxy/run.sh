#!/usr/bin/env bash
# Start one proxy from its config template subjects/proxy/<name>.conf on 127.0.0.1:PORT in front of 127.0.0.1:UPSTREAM, in the foreground; usage: run.sh NAME PORT UPSTREAM
# NAME-origin starts the same server as an origin from subjects/origin/<name>.conf (UPSTREAM unused: pass 0);
# {origin} in a template is the folder subjects/origin (echo scripts, the static files of www/); an origin's {dir}/www
# holds the resource file (below).
# The template's {port}, {upstreamPort} and {dir} (a fresh private folder for pid/log/temp files) are filled in; the
# proxy runs in its own process group, which SIGTERM/SIGINT stop (SIGKILL after 1.5 s), then the folder is removed.
set -euo pipefail
name=$1 port=$2 up=$3
here=$(cd "$(dirname "$0")" && pwd)
origin=$(cd "$here/../origin" && pwd)
template="$here/$name.conf"
case $name in *-origin) name=${name%-origin}; template="$origin/$name.conf" ;; esac
dir=$(mktemp -d "${TMPDIR:-/tmp}/h1compat-proxy-$name-XXXXXX")
chmod 755 "$dir"
sed -e "s#{port}#$port#g; s#{upstreamPort}#$up#g; s#{dir}#$dir#g; s#{origin}#$origin#g" "$template" > "$dir/$name.conf"
# an origin also serves the resource of harness/echo/RESOURCE.md as a static file {dir}/www/h1compat/resource (64 octets,
# modification time 2022-01-01 00:00:00 UTC: git does not keep mtimes, so it is made here); /h1compat/missing is absent
if [ "$template" = "$origin/$name.conf" ]; then
  mkdir -p "$dir/www/h1compat"
  printf '%s' '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_' > "$dir/www/h1compat/resource"
  touch -d '2022-01-01 00:00:00 UTC' "$dir/www/h1compat/resource"
fi
case $name in
  nginx)    cmd=(nginx -p "$dir" -c "$dir/nginx.conf") ;;
  haproxy)  cmd=(haproxy -db -f "$dir/haproxy.conf") ;;
  apache2)  cmd=(apache2 -f "$dir/apache2.conf" -DFOREGROUND) ;;
  varnish)  cmd=(varnishd -F -j none -n "$dir/varnish" -a "127.0.0.1:$port" -T none -s malloc,16m -f "$dir/varnish.conf") ;;
  lighttpd) cmd=(lighttpd -D -f "$dir/lighttpd.conf") ;;
  squid)    chmod 777 "$dir"; cmd=(squid -N -f "$dir/squid.conf") ;;
  h2o)      cmd=(h2o -c "$dir/h2o.conf") ;;
  nghttpx)  cmd=(nghttpx --conf "$dir/nghttpx.conf") ;;
  trafficserver) cmd=(bash "$here/trafficserver.sh" "$dir" "$port" "$up") ;;
  caddy)    export HOME="$dir" XDG_DATA_HOME="$dir" XDG_CONFIG_HOME="$dir"; cmd=(caddy run --config "$dir/caddy.conf" --adapter caddyfile) ;;
  *) echo "run.sh: unknown proxy $name" >&2; rm -rf "$dir"; exit 2 ;;
esac
setsid "${cmd[@]}" &
pid=$!
stop() {
  kill -TERM -- "-$pid" 2>/dev/null || true
  for _ in $(seq 1 15); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL -- "-$pid" 2>/dev/null || true
  rm -rf "$dir"
  exit 0
}
trap stop TERM INT
wait "$pid" || true
rm -rf "$dir"
