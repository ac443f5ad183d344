#!/usr/bin/env bash
# Makes the local Debian bookworm base image the Docker test builds on
# (no image registry is needed): debootstrap --variant=minbase into
# WORK-DIR/rootfs, then docker import as IMAGE. Does nothing when IMAGE exists.
# Two calls at once (.ci/run starts one in the background while Maven builds,
# DockerImageTest makes its own call) take turns: the second waits for the
# first, then finds the image.
#
# usage: make-base.sh WORK-DIR [IMAGE]   (IMAGE defaults to myelin-base:bookworm)
set -euo pipefail
work=$1 image=${2:-myelin-base:bookworm}
mirror=${MYELIN_DEBIAN_MIRROR:-http://deb.debian.org/debian}
exec 9> "/tmp/myelin-make-base-${image//[^A-Za-z0-9_.-]/_}.lock"
flock 9
if docker image inspect "$image" > /dev/null 2>&1; then
    echo "[myelin-docker] base image $image exists"
    exit 0
fi
command -v debootstrap > /dev/null || { echo "make-base.sh: debootstrap is not installed (apt-get install debootstrap)" >&2; exit 1; }
rm -rf "$work/rootfs"
mkdir -p "$work"
start=$(date +%s)
debootstrap --variant=minbase bookworm "$work/rootfs" "$mirror" > "$work/debootstrap.log" 2>&1 \
    || { tail -n 20 "$work/debootstrap.log" >&2; exit 1; }
tar -C "$work/rootfs" -c . | docker import --change 'CMD ["bash"]' - "$image" > /dev/null
rm -rf "$work/rootfs"
echo "[myelin-docker] base image $image made in $(( $(date +%s) - start )) s (debootstrap --variant=minbase bookworm)"
