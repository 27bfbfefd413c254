package no.budstikke.delivery;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Refuses webhook endpoints that resolve to loopback, private, link-local or other non-public addresses unless
 * their host is explicitly allowed, so a subscriber cannot make the hub call into its own network (SSRF).
 * The check resolves the name and inspects every address before any connection is made.
 */
public final class EndpointGuard {

    /** Resolves a host name to its addresses; a seam so tests never need real DNS. */
    @FunctionalInterface
    public interface Resolver {
        List<InetAddress> resolve(String host) throws UnknownHostException;
    }

    private final Set<String> allowedHosts;
    private final Resolver resolver;

    public EndpointGuard(Set<String> allowedHosts, Resolver resolver) {
        this.allowedHosts = allowedHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(java.util.stream.Collectors.toUnmodifiableSet());
        this.resolver = resolver;
    }

    public static Resolver systemResolver() {
        return host -> List.of(InetAddress.getAllByName(host));
    }

    /** Returns null when the endpoint may be called, otherwise the reason it may not. */
    public String refusal(URI endpoint) {
        String host = endpoint.getHost();
        if (host == null) {
            return "has no host";
        }
        String normalized = host.toLowerCase(Locale.ROOT);
        if (allowedHosts.contains(normalized)) {
            return null;
        }
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(normalized.startsWith("[") ? normalized.substring(1, normalized.length() - 1) : normalized);
        } catch (UnknownHostException e) {
            return "has a host name that does not resolve";
        }
        for (InetAddress address : addresses) {
            if (!isPublic(address)) {
                return "resolves to a loopback, private or link-local address, which is not allowed";
            }
        }
        return null;
    }

    static boolean isPublic(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] bytes = address.getAddress();
        if (bytes.length == 4) {
            int first = bytes[0] & 0xff;
            int second = bytes[1] & 0xff;
            // 100.64.0.0/10 carrier-grade NAT, 0.0.0.0/8, 192.0.0.0/24, 198.18.0.0/15 benchmarking, 240.0.0.0/4 reserved
            return !(first == 0 || (first == 100 && second >= 64 && second < 128) || (first == 192 && second == 0 && (bytes[2] & 0xff) == 0)
                    || (first == 198 && (second == 18 || second == 19)) || first >= 240);
        }
        // IPv6 unique local addresses fc00::/7
        return (bytes[0] & 0xfe) != 0xfc;
    }
}
