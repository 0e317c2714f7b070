#!/usr/bin/env bash
# Start Apache Traffic Server (Debian trafficserver) as a reverse proxy in the foreground, from a private runroot in
# DIR (run.sh's temp folder): the Debian config files with these changes: listen on 127.0.0.1:PORT only, every request
# mapped to http://127.0.0.1:UPSTREAM/ (remap.config `map /`, Host kept: pristine_host_hdr), no caching, a 16 MB
# cache file in DIR, logs in DIR; usage: trafficserver.sh DIR PORT UPSTREAM (called by run.sh).
set -euo pipefail
dir=$1 port=$2 up=$3
mkdir -p "$dir/etc" "$dir/cache" "$dir/run" "$dir/log"
cp -r /etc/trafficserver/. "$dir/etc/"
cat > "$dir/runroot.yaml" <<YAML
prefix: /usr
exec_prefix: /usr
bindir: /usr/bin
sbindir: /usr/sbin
sysconfdir: $dir/etc
datadir: $dir/cache
includedir: /usr/include
libdir: /usr/lib/trafficserver
libexecdir: /usr/lib/trafficserver/modules
localstatedir: $dir
runtimedir: $dir/run
logdir: $dir/log
cachedir: $dir/cache
YAML
{
  echo "CONFIG proxy.config.http.server_ports STRING $port:ip-in=127.0.0.1"
  echo "CONFIG proxy.config.url_remap.pristine_host_hdr INT 1"
  echo "CONFIG proxy.config.http.cache.http INT 0"
  echo "CONFIG proxy.config.reverse_proxy.enabled INT 1"
  echo "CONFIG proxy.config.url_remap.remap_required INT 1"
  echo "CONFIG proxy.config.diags.logfile.filename STRING stderr"
  echo "CONFIG proxy.config.admin.user_id STRING #-1"
} >> "$dir/etc/records.config"
cp "$dir/trafficserver.conf" "$dir/etc/remap.config" # run.sh filled in the template subjects/proxy/trafficserver.conf
echo "$dir/cache 16M" > "$dir/etc/storage.config"
exec traffic_server --run-root="$dir/runroot.yaml"
