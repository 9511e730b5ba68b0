#!/usr/bin/env bash
# Runs every test: unit tests, the Python worker's tests, in-container tests (Pax Exam) and end-to-end tests
# against the real python.d.plugin and Netdata daemon. Installs the Debian packages the tests need first.
set -euo pipefail
cd "$(dirname "$0")"

need=()
command -v python3 >/dev/null 2>&1 || need+=(python3)
[ -x /usr/lib/netdata/plugins.d/python.d.plugin ] || need+=(netdata-core netdata-plugins-python)
[ -x /usr/sbin/netdata ] || need+=(netdata-core)
# Debian's python3 (python.d.plugin's) runs the worker's tests too: with its YAML and MySQL libraries
/usr/bin/python3 -c 'import yaml' 2>/dev/null || need+=(python3-yaml)
/usr/bin/python3 -c 'import pymysql' 2>/dev/null || need+=(python3-pymysql)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
# influxd: the independent line-protocol parser the DataKit sink's tests check every body with
command -v influxd >/dev/null 2>&1 || need+=(influxdb)
# promtool and prometheus_client's parser: the independent judges of the Prometheus sink's scrapes
[ -x /usr/bin/promtool ] || need+=(prometheus)
/usr/bin/python3 -c 'import prometheus_client.parser' 2>/dev/null || need+=(python3-prometheus-client)
# requests: what DataKit's SDK posts with, the reference side of benchmarks/datakit_sink.py (smoke-run by the tests)
/usr/bin/python3 -c 'import requests' 2>/dev/null || need+=(python3-requests)
# git: the real git servers (git daemon, git http-backend) the git repository tests pull from and push to
command -v git >/dev/null 2>&1 && [ -x /usr/lib/git-core/git-http-backend ] || need+=(git)
# sshd: the loopback OpenSSH server the ssh:// repository tests pull from (it is started by the tests only)
[ -x /usr/sbin/sshd ] && command -v ssh-keygen >/dev/null 2>&1 || need+=(openssh-server)
command -v mvn >/dev/null 2>&1 || need+=(maven)
command -v java >/dev/null 2>&1 || need+=(openjdk-17-jdk-headless)
if [ ${#need[@]} -gt 0 ]; then
    echo "installing: ${need[*]}"
    sudo_cmd=""
    [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}" >/dev/null
fi

mvn -B -ntp verify "$@"
