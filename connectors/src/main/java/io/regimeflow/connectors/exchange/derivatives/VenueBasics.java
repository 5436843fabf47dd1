package io.regimeflow.connectors.exchange.derivatives;

import java.net.URI;

/** What a venue is, as constants: its name, hosts, limits and funding page size. */
abstract class VenueBasics implements VenueApi {
    private final String id;
    private final URI restUrl;
    private final URI websocketUrl;
    private final int weightLimit;
    private final int fundingLimit;

    VenueBasics(String id, String restUrl, String websocketUrl, int weightLimit,
            int fundingLimit) {
        this.id = id;
        this.restUrl = URI.create(restUrl);
        this.websocketUrl = URI.create(websocketUrl);
        this.weightLimit = weightLimit;
        this.fundingLimit = fundingLimit;
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final URI defaultRestUrl() {
        return restUrl;
    }

    @Override
    public final URI defaultWebsocketUrl() {
        return websocketUrl;
    }

    @Override
    public final int defaultWeightLimit() {
        return weightLimit;
    }

    @Override
    public final int fundingLimit() {
        return fundingLimit;
    }
}
