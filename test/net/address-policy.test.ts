// Every IPv6 spelling of an internal address is refused, and the public ones it wraps are not mistaken for them.
import { describe, expect, it } from 'vitest';
import { blockedReason } from '../../services/net';

const BLOCKED: Array<[address: string, why: string]> = [
  ['::', 'unspecified'],
  ['::1', 'loopback'],
  ['0:0:0:0:0:0:0:1', 'loopback'],
  ['[::1]', 'loopback'],
  // IPv4-compatible: the finding's `::127.0.0.1` and `::7f00:1`.
  ['::127.0.0.1', 'IPv4-compatible IPv6'],
  ['::7f00:1', 'IPv4-compatible IPv6'],
  ['::a9fe:a9fe', 'IPv4-compatible IPv6'],
  ['0:0:0:0:0:0:7f00:1', 'IPv4-compatible IPv6'],
  ['::8.8.8.8', 'IPv4-compatible IPv6'],
  // IPv4-mapped, every notation.
  ['::ffff:127.0.0.1', 'loopback'],
  ['::ffff:7f00:1', 'loopback'],
  ['::FFFF:7F00:0001', 'loopback'],
  ['0:0:0:0:0:ffff:7f00:1', 'loopback'],
  ['0000:0000:0000:0000:0000:ffff:127.0.0.1', 'loopback'],
  ['::ffff:10.0.0.1', 'private'],
  ['::ffff:a9fe:a9fe', 'cloud metadata'],
  ['::ffff:c0a8:101', 'private'],
  // IPv4-translated (SIIT).
  ['::ffff:0:127.0.0.1', 'IPv4-translated IPv6'],
  ['::ffff:0:7f00:1', 'IPv4-translated IPv6'],
  // 6to4 and NAT64 embedding private IPv4.
  ['2002:7f00:1::', '6to4'],
  ['2002:a00:1::1', '6to4'],
  ['64:ff9b::127.0.0.1', 'NAT64'],
  ['64:ff9b::a00:1', 'NAT64'],
  ['64:ff9b:1::a9fe:a9fe', 'NAT64'],
  ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'Teredo'],
  // Unique local and link-local.
  ['fc00::1', 'unique local'],
  ['fd12:3456::1', 'unique local'],
  ['fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'unique local'],
  ['fe80::1', 'link-local'],
  ['fe80::1%eth0', 'link-local'],
  ['febf:ffff::1', 'link-local'],
  ['fd00:ec2::254', 'cloud metadata'],
];

const ALLOWED = ['2606:4700::1111', '2001:4860:4860::8888', '::ffff:8.8.8.8', '8.8.8.8'];

describe('address policy', () => {
  it.each(BLOCKED)('refuses %s (%s)', (address, why) => {
    expect(blockedReason(address)).toBe(why);
  });

  it.each(ALLOWED)('allows the public address %s', (address) => {
    expect(blockedReason(address)).toBeNull();
  });
});
