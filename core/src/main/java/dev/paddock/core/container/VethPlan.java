package dev.paddock.core.container;

/**
 * The addresses of one container's veth pair, derived from its reservation so that they are stable and
 * never collide: container number N (= base / 0x10000) gets the N-th /30 of the host's subnet; the
 * host end holds .1 and the container's {@code host0} holds .2.
 */
public record VethPlan(String hostAddress, String containerAddress, int prefixLength) {
    public static final String DEFAULT_SUBNET = "10.213.0.0/16";

    public static VethPlan of(long base, String subnet) {
        String[] parts = subnet.split("/");
        if (parts.length != 2) {
            throw new IllegalArgumentException("invalid subnet '" + subnet + "': use A.B.C.D/LEN");
        }
        long net = ipv4(parts[0]);
        int len = Integer.parseInt(parts[1]);
        if (len < 8 || len > 28) {
            throw new IllegalArgumentException("invalid subnet '" + subnet + "': prefix must be /8 to /28");
        }
        long slots = 1L << (32 - len - 2);
        long n = base / 0x10000L;
        if (n < 1 || n >= slots) {
            throw new IllegalArgumentException("container number " + n + " does not fit subnet " + subnet + " (" + slots
                    + " /30 networks)");
        }
        long block = (net & ~((1L << (32 - len)) - 1)) + n * 4;
        return new VethPlan(dotted(block + 1), dotted(block + 2), 30);
    }

    static long ipv4(String s) {
        String[] o = s.split("\\.");
        if (o.length != 4) {
            throw new IllegalArgumentException("invalid IPv4 address '" + s + "'");
        }
        long v = 0;
        for (String part : o) {
            int x = Integer.parseInt(part);
            if (x < 0 || x > 255) {
                throw new IllegalArgumentException("invalid IPv4 address '" + s + "'");
            }
            v = (v << 8) | x;
        }
        return v;
    }

    static String dotted(long v) {
        return ((v >> 24) & 255) + "." + ((v >> 16) & 255) + "." + ((v >> 8) & 255) + "." + (v & 255);
    }
}
