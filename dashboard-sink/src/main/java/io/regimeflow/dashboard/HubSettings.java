package io.regimeflow.dashboard;

/**
 * Where the hub listens and what it reads.
 *
 * @param host the address to bind; anything but loopback requires {@code ingestToken}
 * @param port 0: any free port
 * @param ingestToken the bearer token the job's sink must present; null: none (loopback only)
 * @param jdbcUrl the database the JDBC sink writes, for the REST history; null: no history
 */
public record HubSettings(String host, int port, String ingestToken, String jdbcUrl,
        String jdbcUser, String jdbcPassword) {

    public HubSettings {
        if (!isLoopback(host) && (ingestToken == null || ingestToken.isBlank())) {
            throw new IllegalArgumentException("the hub binds to " + host + ", not to this "
                    + "machine only: an ingest token is required (--token, or "
                    + "dashboard.ingest-token), or anyone who reaches it could feed the page");
        }
    }

    /** Whether {@code host} is this machine only. */
    public static boolean isLoopback(String host) {
        return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1");
    }
}
