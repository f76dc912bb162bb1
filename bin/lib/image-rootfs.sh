#!/bin/sh
# The services' root file system, made by the Dockerfile's `rootfs` stage and copied whole into an empty
# image: the Java runtime in /opt/java, sh (the entrypoint reads the service's settings with it) and curl
# (healthchecks, docker exec), the shared libraries those load (as ldd lists them), and the base's users and
# groups. Nothing else of the base image: no package manager, no coreutils, no documentation. What it holds
# is listed at the end of the build's output.
#
#   image-rootfs.sh DIR
set -eu
root=$1

mkdir -p "$root/etc" "$root/tmp" "$root/opt"
chmod 1777 "$root/tmp"
cp -a /opt/java "$root/opt/"
cp /etc/passwd /etc/group "$root/etc/"
# users and hosts from the files the container runtime writes (/etc/hosts, /etc/resolv.conf), then DNS
printf 'passwd: files\ngroup: files\nhosts: files dns\n' >"$root/etc/nsswitch.conf"
# a base whose /bin, /lib... are links into /usr keeps them, so the paths programs were linked with resolve
for dir in bin sbin lib lib64; do
  if [ -L "/$dir" ]; then
    cp -P "/$dir" "$root/"
    mkdir -p "$root/$(readlink "/$dir")"
  fi
done

# copy PATH: the file it resolves to, and PATH itself as a link to it where it is one
copy() {
  real=$(readlink -f "$1")
  mkdir -p "$root$(dirname "$real")"
  cp -p "$real" "$root$real"
  if [ ! -e "$root$1" ]; then
    mkdir -p "$root$(dirname "$1")"
    cp -P "$1" "$root$1"
  fi
}

programs="/bin/sh /usr/bin/curl $(find /opt/java -type f \( -name '*.so' -o -path '*/bin/*' \))"
for program in $programs; do
  case $program in /opt/java/*) ;; *) copy "$program" ;; esac
done
libraries=$(for program in $programs; do ldd "$program" 2>/dev/null || true; done \
  | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' | sort -u)
# and two that nothing here links: glibc loads libgcc_s when a thread unwinds (pthread_exit, cancellation),
# and the C++ runtime is what forecast's PyTorch library needs, unpacked from its jar when it first runs
unlinked=$(ldconfig -p | awk '$1 == "libgcc_s.so.1" || $1 == "libstdc++.so.6" { print $NF }' | sort -u)
for library in $libraries $unlinked; do
  case $library in /opt/java/*) ;; *) copy "$library" ;; esac
done

echo "image-rootfs: $(du -sk "$root" | cut -f1) KiB:"
(cd "$root" && find . ! -type d ! -path './opt/java/*' | sort | sed 's/^\./  /')
