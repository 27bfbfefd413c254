package no.budstikke.security;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Tells whether a connection's remote address (an IP literal, as the servlet container reports it) is loopback. */
public final class LoopbackAddress {

    private LoopbackAddress() {
    }

    public static boolean is(String remoteAddress) {
        if (remoteAddress == null || remoteAddress.isEmpty() || !isLiteral(remoteAddress)) {
            return false;
        }
        try {
            // A literal: parsed, never looked up.
            return InetAddress.getByName(remoteAddress).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean isLiteral(String address) {
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            boolean allowed = Character.digit(c, 16) >= 0 || c == '.' || c == ':' || c == '[' || c == ']' || c == '%';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }
}
