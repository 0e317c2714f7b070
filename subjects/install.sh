#!/usr/bin/env bash
# Install or build the registry-based runtimes of the matrix into OUT (out/matrix); usage: install.sh TARGET OUT.
# Run by scripts/matrix.ts when a subject's version check fails (so it is idempotent); each target prints what it
# installs, writes nothing outside OUT, and exits non-zero when the install or build fails (the matrix then skips
# the subjects that need it, with this script's log). Versions are pinned here, so a run is reproducible.
set -euo pipefail
target=$1 out=$(mkdir -p "$2" && cd "$2" && pwd)
root=$(cd "$(dirname "$0")/.." && pwd)
case $target in
  js) # Bun and Deno: their npm packages carry the binary (optional dependency per platform)
    echo "npm install bun@1.4.5 deno@2.9.6 into $out/js"
    mkdir -p "$out/js"
    nice -n 10 npm install --no-audit --no-fund --silent --prefix "$out/js" bun@1.4.5 deno@2.9.6 ;;
  venv) # current Python servers and clients from PyPI, beside Debian's (subjects/python-requirements.txt)
    echo "python3 -m venv $out/venv; pip install -r subjects/python-requirements.txt"
    [ -x "$out/venv/bin/python" ] || python3 -m venv "$out/venv"
    nice -n 10 "$out/venv/bin/pip" install -q --disable-pip-version-check -r "$root/subjects/python-requirements.txt" ;;
  go) # Go modules (go.sum pins them): net/http (the toolchain's) and fasthttp echo servers, net/http client
    echo "go build (subjects/echo/go, subjects/clients/go) into $out/bin with $(go version)"
    export GOPATH="$out/gopath" GOCACHE="$out/gocache" GOFLAGS=-mod=mod
    cd "$root/subjects/echo/go"
    nice -n 10 go build -o "$out/bin/go-echo" ./nethttp
    nice -n 10 go build -o "$out/bin/fasthttp-echo" ./fasthttp
    nice -n 10 go build -o "$out/bin/go-client" "$root/subjects/clients/go/client.go" ;;
  rust) # hyper and actix-web echo servers, reqwest client (Cargo.lock pins them); CPU is shared: one job, niced
    echo "cargo build --release -j1 (subjects/echo/rust) into $out/cargo-target"
    cd "$root/subjects/echo/rust"
    CARGO_TARGET_DIR="$out/cargo-target" nice -n 15 cargo build --release -j1 --locked ;;
  java) # Jetty, Netty, Undertow, Tomcat echo servers, java.net.http and OkHttp clients (pom.xml pins them)
    echo "mvn package (subjects/echo/java) into $out/java"
    cd "$root/subjects/echo/java"
    nice -n 10 mvn -q -B -Dmaven.repo.local="$out/m2" -DbuildDir="$out/java/target" package
    nice -n 10 mvn -q -B -Dmaven.repo.local="$out/m2" -DbuildDir="$out/java/target" dependency:build-classpath -Dmdep.outputFile="$out/java/cp.txt"
    # C1 only and the serial GC: a JVM per client replay starts in well under a second on a shared machine
    printf -- '-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -cp %s:%s\n' "$out/java/target/classes" "$(cat "$out/java/cp.txt")" > "$out/java/args.txt" ;;
  *) echo "install.sh: unknown target $target (js, venv, go, rust, java)" >&2; exit 2 ;;
esac
