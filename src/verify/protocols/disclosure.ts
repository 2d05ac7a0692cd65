/**
 * Version strings in what a service shows before authentication (banners, headers, error pages), and whether the
 * target's declared `disclosure` covers them — TS 103 701 5.6-2-2: only the declared information may be observable.
 */

/** Protocol names whose "version" is the protocol's, not the software's (SSH-2.0, HTTP/1.1, TLSv1.2). */
const PROTOCOL_WORDS = new Set(['ssh', 'http', 'https', 'tls', 'tlsv', 'ssl', 'sslv', 'rtsp', 'mqtt', 'sip', 'ftp']);

/** "nginx/1.22.1", "OpenSSH_9.2p1", "dropbear_2022.83", "BusyBox v1.35.0", "mosquitto version 2.0.11". */
const VERSION = /([A-Za-z][\w+-]*(?:\.[A-Za-z][\w+-]*)*)(?:\/|_| version | v| )v?(\d+(?:\.\d+)+[a-z0-9~.+-]*)/g;

/**
 * Operating systems name their release with a single number as often as with a dotted one ("Debian GNU/Linux 12",
 * "CentOS Linux 7", "Windows 10"): a release is a version disclosure as much as "Ubuntu 22.04" is.
 */
const OS_RELEASE =
  /\b(?:(?:Debian|Raspbian)(?: GNU\/Linux)?|Ubuntu|CentOS(?: Linux)?|CentOS Stream|Red Hat Enterprise Linux|Rocky Linux|AlmaLinux|Fedora(?: Linux)?|openSUSE Leap|SUSE Linux Enterprise Server|Alpine Linux|OpenWrt|FreeBSD|OpenBSD|NetBSD|Windows(?: Server)?|Android|iOS) v?\d+(?:\.\d+)*\b/gi;

export function versionStrings(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(OS_RELEASE)) found.add(match[0].trim());
  for (const match of text.matchAll(VERSION)) {
    if ([...found].some((release) => release.includes(match[0].trim()))) continue;
    const name = match[1]!;
    if (PROTOCOL_WORDS.has(name.toLowerCase().replace(/-?\d.*$/, ''))) continue;
    found.add(match[0].trim());
  }
  return [...found];
}

/**
 * A version string is declared when a `disclosure` entry contains it, or it contains an entry that names the
 * version (declaring "nginx" allows the product name, not "nginx/1.22.1").
 */
export function isDeclared(version: string, disclosure: readonly string[] | undefined): boolean {
  const v = version.toLowerCase();
  const digits = /\d+(?:\.\d+)*/.exec(v)?.[0] ?? v;
  return (disclosure ?? []).some((entry) => {
    const d = entry.toLowerCase();
    return d.includes(v) || (v.includes(d) && d.includes(digits));
  });
}

export function undeclaredVersions(text: string, disclosure: readonly string[] | undefined): string[] {
  return versionStrings(text).filter((v) => !isDeclared(v, disclosure));
}
