import { cidrContains, cidrContainsAddress, cidrSize, cidrsOverlap, formatIpv4, parseCidr, parseIpv4, subdivideCidr } from '../../lib/azure/cidr';

describe('parseIpv4 / formatIpv4', () => {
  test('round-trips addresses, including the extremes', () => {
    for (const ip of ['0.0.0.0', '10.240.0.4', '192.168.255.1', '255.255.255.255']) {
      expect(formatIpv4(parseIpv4(ip)!)).toBe(ip);
    }
    expect(parseIpv4('255.255.255.255')).toBe(2 ** 32 - 1);
  });

  test.each(['', '10.0.0', '10.0.0.0.0', '256.0.0.1', '10.0.0.-1', '10.0.0.01', 'a.b.c.d', '10.0.0.1 x'])('rejects %p', (text) => {
    expect(parseIpv4(text)).toBeUndefined();
  });

  test('rejects non-strings without throwing', () => {
    expect(parseIpv4(42 as unknown as string)).toBeUndefined();
  });
});

describe('parseCidr', () => {
  test('parses and canonicalises', () => {
    expect(parseCidr('10.240.0.0/16')).toEqual({ cidr: '10.240.0.0/16', network: parseIpv4('10.240.0.0'), prefixLength: 16 });
    expect(parseCidr(' 0.0.0.0/0 ').cidr).toBe('0.0.0.0/0');
    expect(parseCidr('10.1.2.3/32').cidr).toBe('10.1.2.3/32');
  });

  test('names the network when host bits are set', () => {
    expect(() => parseCidr('10.240.1.0/16')).toThrow("'10.240.1.0/16' has host bits set; the network is 10.240.0.0/16");
  });

  test.each(['10.0.0.0', '10.0.0.0/33', '10.0.0.0/-1', '10.0.0/8', '10.0.0.0/8/8', 'x/8', '10.0.0.0/'])('rejects %p', (text) => {
    expect(() => parseCidr(text)).toThrow(`'${text}' is not an IPv4 CIDR`);
  });

  test('rejects non-strings with a message, not a crash', () => {
    expect(() => parseCidr(undefined as unknown as string)).toThrow("'undefined' is not an IPv4 CIDR");
  });
});

describe('containment and overlap', () => {
  const space = parseCidr('10.240.0.0/16');

  test('contains its own blocks, not wider or outside ones', () => {
    expect(cidrContains(space, parseCidr('10.240.16.0/20'))).toBe(true);
    expect(cidrContains(space, space)).toBe(true);
    expect(cidrContains(space, parseCidr('10.240.0.0/15'))).toBe(false);
    expect(cidrContains(space, parseCidr('10.241.0.0/24'))).toBe(false);
    expect(cidrContains(space, parseCidr('10.239.255.0/24'))).toBe(false);
  });

  test('overlap is symmetric and exact at the edges', () => {
    const a = parseCidr('10.240.0.0/20');
    const b = parseCidr('10.240.16.0/20');
    const c = parseCidr('10.240.8.0/21');
    expect(cidrsOverlap(a, b)).toBe(false);
    expect(cidrsOverlap(a, c)).toBe(true);
    expect(cidrsOverlap(c, a)).toBe(true);
    expect(cidrsOverlap(space, c)).toBe(true);
  });

  test('addresses and sizes', () => {
    expect(cidrSize(space)).toBe(65536);
    expect(cidrSize(parseCidr('10.0.0.0/32'))).toBe(1);
    expect(cidrContainsAddress(space, parseIpv4('10.240.255.255')!)).toBe(true);
    expect(cidrContainsAddress(space, parseIpv4('10.241.0.0')!)).toBe(false);
  });
});

describe('subdivideCidr', () => {
  const space = parseCidr('10.240.0.0/16');

  test('cuts aligned blocks in order', () => {
    expect(subdivideCidr(space, 20, 0).cidr).toBe('10.240.0.0/20');
    expect(subdivideCidr(space, 20, 1).cidr).toBe('10.240.16.0/20');
    expect(subdivideCidr(space, 20, 15).cidr).toBe('10.240.240.0/20');
    expect(subdivideCidr(parseCidr('0.0.0.0/0'), 1, 1).cidr).toBe('128.0.0.0/1');
  });

  test('refuses blocks that do not exist', () => {
    expect(() => subdivideCidr(space, 20, 16)).toThrow('10.240.0.0/16 holds 16 blocks of /20; there is no block 16');
    expect(() => subdivideCidr(space, 20, -1)).toThrow(/no block -1/);
    expect(() => subdivideCidr(space, 15, 0)).toThrow('cannot cut /15 blocks out of 10.240.0.0/16');
    expect(() => subdivideCidr(space, 33, 0)).toThrow(/cannot cut \/33/);
  });
});
