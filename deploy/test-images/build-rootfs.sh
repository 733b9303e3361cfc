#!/usr/bin/env bash
# Assembles a minimal root filesystem for the project's test images: the host's `node` binary plus exactly the
# shared libraries that `ldd` lists for it (and the dynamic loader), nothing else.
#
# Why this and not a base image or busybox: the engine here has no registry, so nothing can be pulled; a
# rootfs copied from the host needs no download and no extra package, and Node is what the later test relay
# image (HTTP /derp/probe, /generate_204, STUN over UDP, the admission call) is written in, so every test
# image shares this one base layer. It is a single COPY into `FROM scratch`, which suits the vfs storage
# driver (each layer is a full copy, so few layers matter more than small ones) and builds in seconds.
#
# Usage: build-rootfs.sh <output-dir> [node-binary]   (default: the `node` on PATH)
set -euo pipefail

out=${1:?usage: build-rootfs.sh <output-dir> [node-binary]}
node_bin=$(readlink -f "${2:-$(command -v node)}")
[ -x "$node_bin" ] || { echo "build-rootfs: $node_bin is not an executable" >&2; exit 1; }

rm -rf "$out"
mkdir -p "$out/usr/bin" "$out/tmp" "$out/etc"
chmod 1777 "$out/tmp"

# Copy a file to the same absolute path inside the rootfs, following symlinks (scratch has no /lib -> usr/lib).
copy_into_rootfs() {
  local src=$1 dest=$out$1
  mkdir -p "$(dirname "$dest")"
  cp -L --preserve=mode,timestamps "$src" "$dest"
}

cp -L --preserve=mode,timestamps "$node_bin" "$out/usr/bin/node"

# ldd lines look like "libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x...)" or "/lib64/ld-linux-x86-64.so.2 (0x...)";
# linux-vdso has no file. A library ldd cannot find is an error, not something to skip.
ldd_out=$(ldd "$node_bin")
if grep -q "not found" <<<"$ldd_out"; then
  echo "build-rootfs: missing libraries for $node_bin:" >&2
  grep "not found" <<<"$ldd_out" >&2
  exit 1
fi
while read -r lib; do
  copy_into_rootfs "$lib"
done < <(awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' <<<"$ldd_out" | sort -u)

# Name resolution inside the container: glibc reads these; Docker bind-mounts hosts and resolv.conf itself.
printf 'hosts: files dns\n' >"$out/etc/nsswitch.conf"
printf 'root:x:0:0:root:/:/usr/bin/node\nnobody:x:65534:65534:nobody:/nonexistent:/usr/bin/node\n' >"$out/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$out/etc/group"
