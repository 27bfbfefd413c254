package no.budstikke.subscription;

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

    private static final java.util.regex.Pattern LITERAL =
            java.util.regex.Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}|[0-9a-f:.]*:[0-9a-f:.]*");

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
            addresses = addresses(normalized.startsWith("[") ? normalized.substring(1, normalized.length() - 1) : normalized);
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

    /**
     * The addresses the hub may connect to for this host: all of them for an allowed host, else only if every one
     * is public. Connecting to exactly these closes the gap a DNS answer changed after the check would open.
     */
    public List<InetAddress> permittedAddresses(String host) throws UnknownHostException {
        String normalized = host.toLowerCase(Locale.ROOT);
        String bare = normalized.startsWith("[") ? normalized.substring(1, normalized.length() - 1) : normalized;
        List<InetAddress> addresses = addresses(bare);
        if (!allowedHosts.contains(normalized) && !addresses.stream().allMatch(EndpointGuard::isPublic)) {
            throw new UnknownHostException("refused: " + host
                    + " resolves to a loopback, private or link-local address, which is not allowed");
        }
        return addresses;
    }

    /** An address literal is taken as written (no lookup); a name goes to the resolver. */
    private List<InetAddress> addresses(String host) throws UnknownHostException {
        if (LITERAL.matcher(host).matches()) {
            return List.of(InetAddress.getByName(host));
        }
        return resolver.resolve(host);
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
