// Licensed under the MIT License.
package io.github.openaipolicies.core.implementation;

import java.net.URL;
import java.util.Locale;

/**
 * Decides whether a credential may travel to a URL: always over HTTPS; over plain HTTP only when the caller opted in
 * and the host is a loopback literal ({@code localhost}, {@code 127.0.0.0/8}, {@code [::1]}). No name is resolved.
 */
public final class CredentialTransportRule {
    private final boolean allowInsecureLoopback;

    /**
     * Creates the rule.
     *
     * @param allowInsecureLoopback whether plain HTTP to a loopback host is allowed
     */
    public CredentialTransportRule(boolean allowInsecureLoopback) {
        this.allowInsecureLoopback = allowInsecureLoopback;
    }

    /**
     * Throws when a credential must not be sent to {@code url}.
     *
     * @param url the request URL
     * @throws IllegalStateException naming the scheme and host (never a credential) when the URL is refused
     */
    public void check(URL url) {
        String protocol = url.getProtocol().toLowerCase(Locale.ROOT);
        if ("https".equals(protocol)) {
            return;
        }
        if (!"http".equals(protocol)) {
            throw new IllegalStateException("Credentials require HTTPS; refusing scheme '" + protocol + "'.");
        }
        if (!allowInsecureLoopback) {
            throw new IllegalStateException("Credentials require HTTPS to prevent leaking them; refusing http://"
                + url.getHost() + ". For a local test server, opt in with allowInsecureLoopback(true).");
        }
        if (!isLoopbackHost(url.getHost())) {
            throw new IllegalStateException("Credentials require HTTPS; allowInsecureLoopback permits plain http only "
                + "to loopback hosts (localhost, 127.0.0.0/8, [::1]), refusing http://" + url.getHost() + ".");
        }
    }

    /**
     * Whether {@code host} names the loopback interface without a name lookup.
     *
     * @param host the host part of a URL, IPv6 literals in brackets
     * @return true for {@code localhost}, an IPv4 literal in 127.0.0.0/8, or the IPv6 literal {@code ::1}
     */
    public static boolean isLoopbackHost(String host) {
        if (host == null || host.isEmpty()) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if ("localhost".equals(h)) {
            return true;
        }
        if (h.startsWith("[") && h.endsWith("]")) {
            return isIpv6Loopback(h.substring(1, h.length() - 1));
        }
        return isIpv4Loopback(h);
    }

    private static boolean isIpv4Loopback(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')
                || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return Integer.parseInt(parts[0]) == 127;
    }

    private static boolean isIpv6Loopback(String literal) {
        // ::1 in any spelling: every 16-bit group zero except the last, which is 1.
        String address = literal.split("%", 2)[0]; // without a zone id such as %lo0
        int doubleColon = address.indexOf("::");
        String[] groups;
        if (doubleColon >= 0) {
            if (address.lastIndexOf("::") != doubleColon) {
                return false;
            }
            String head = address.substring(0, doubleColon);
            String tail = address.substring(doubleColon + 2);
            String[] headGroups = head.isEmpty() ? new String[0] : head.split(":", -1);
            String[] tailGroups = tail.isEmpty() ? new String[0] : tail.split(":", -1);
            int missing = 8 - headGroups.length - tailGroups.length;
            if (missing < 1) {
                return false;
            }
            groups = new String[8];
            System.arraycopy(headGroups, 0, groups, 0, headGroups.length);
            for (int i = 0; i < missing; i++) {
                groups[headGroups.length + i] = "0";
            }
            System.arraycopy(tailGroups, 0, groups, headGroups.length + missing, tailGroups.length);
        } else {
            groups = address.split(":", -1);
            if (groups.length != 8) {
                return false;
            }
        }
        for (int i = 0; i < 8; i++) {
            String group = groups[i];
            if (group.isEmpty() || group.length() > 4 || !group.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                return false;
            }
            int value = Integer.parseInt(group, 16);
            if (value != (i == 7 ? 1 : 0)) {
                return false;
            }
        }
        return true;
    }
}
