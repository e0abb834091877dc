package io.cistern.routing;

import io.cistern.jdbc.Secrets;
import io.cistern.pool.config.NotAllowed;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Splits a multi-host JDBC URL ({@code jdbc:postgresql://h1:5432,h2:5433/db?ssl=true}, the form
 * pgjdbc and MySQL Connector/J accept) into one single-host URL per host, with the same
 * database and parameters. The driver's own multi-host parameters are dropped, because Cistern
 * does what they do (and more) itself and would otherwise fight the driver over host choice.
 */
final class MultiHostUrl {
    /** pgjdbc's host-selection parameters, which make no sense on a single-host URL. */
    private static final Set<String> DRIVER_ROUTING_PARAMETERS = Set.of("targetservertype", "loadbalancehosts", "hostrecheckseconds");

    private MultiHostUrl() {
    }

    /**
     * @param url a JDBC URL with one or more comma-separated hosts after {@code //}
     * @return one endpoint per host, named {@code host:port} (or {@code host})
     * @throws IllegalArgumentException if the URL is not a JDBC URL with hosts
     */
    static List<EndpointSpec> split(String url) {
        if (url == null || !url.startsWith("jdbc:")) {
            throw NotAllowed.setting("jdbcUrl", Secrets.maskUrl(url), "a URL starting with jdbc:");
        }
        int slashes = url.indexOf("//");
        if (slashes < 0) {
            return List.of(new EndpointSpec(url, url, false));
        }
        int hostsStart = slashes + 2;
        int hostsEnd = hostsStart;
        while (hostsEnd < url.length() && "/?;".indexOf(url.charAt(hostsEnd)) < 0) {
            hostsEnd++;
        }
        String prefix = url.substring(0, hostsStart);
        String hosts = url.substring(hostsStart, hostsEnd);
        String rest = withoutDriverRouting(url.substring(hostsEnd));
        List<EndpointSpec> endpoints = new ArrayList<>();
        for (String host : hosts.split(",", -1)) {
            String h = host.trim();
            if (h.isEmpty() || h.startsWith(":")) {
                throw new IllegalArgumentException("jdbcUrl = " + Secrets.maskUrl(url) + " is not allowed: empty host in \""
                        + hosts + "\"; allowed: host[:port] entries separated by commas");
            }
            endpoints.add(new EndpointSpec(h, prefix + h + rest, false));
        }
        return endpoints;
    }

    private static String withoutDriverRouting(String rest) {
        int q = rest.indexOf('?');
        if (q < 0) {
            return rest;
        }
        StringBuilder kept = new StringBuilder();
        for (String pair : rest.substring(q + 1).split("&")) {
            String key = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
            if (!pair.isEmpty() && !DRIVER_ROUTING_PARAMETERS.contains(key.toLowerCase(Locale.ROOT))) {
                kept.append(kept.length() == 0 ? "" : "&").append(pair);
            }
        }
        return rest.substring(0, q) + (kept.length() == 0 ? "" : "?" + kept);
    }
}
