# Sourced by bin/test: makes sure etcd and nats-server are installed for the integration tests.
# shellcheck shell=bash

ensure_services() {
    local missing=()
    command -v etcd >/dev/null 2>&1 || [[ -x /usr/bin/etcd ]] || missing+=(etcd-server)
    command -v nats-server >/dev/null 2>&1 || [[ -x /usr/sbin/nats-server ]] || missing+=(nats-server)
    if (( ${#missing[@]} == 0 )); then
        return
    fi
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
        echo "bin/test: installing ${missing[*]} from Debian's packages for the integration tests..." >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null 2>&1 \
            || { apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null; } \
            || die "could not install ${missing[*]} with apt-get; install them and rerun bin/test"
    else
        die "the integration tests need ${missing[*]} (Debian packages); install them (as root: apt-get install ${missing[*]}) and rerun bin/test"
    fi
}
