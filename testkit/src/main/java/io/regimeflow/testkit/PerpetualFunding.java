package io.regimeflow.testkit;

import io.regimeflow.model.FundingSettlement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The funding settlements {@link FakeDerivativesVenues} holds, by coin ({@code BTC}), and which
 * coins its venues list: those of {@link VenueListings#COINS} and every coin with funding, less
 * the unlisted ones. Each venue finds a coin from its own perpetual name.
 */
final class PerpetualFunding {

    private final Map<String, NavigableMap<Long, FundingSettlement>> byCoin =
            new ConcurrentHashMap<>();
    private final Set<String> unlisted = ConcurrentHashMap.newKeySet();

    void put(String coin, List<FundingSettlement> list) {
        NavigableMap<Long, FundingSettlement> m = byCoin.computeIfAbsent(coin,
                k -> new ConcurrentSkipListMap<>());
        list.forEach(f -> m.put(f.fundingTime(), f));
    }

    void unlist(String coin) {
        unlisted.add(coin);
    }

    /** The coins listed now, in order. */
    List<String> listed() {
        Set<String> coins = new TreeSet<>(VenueListings.COINS);
        coins.addAll(byCoin.keySet());
        coins.removeAll(unlisted);
        return List.copyOf(coins);
    }

    /**
     * The settlements of the coin {@code venue}'s perpetual name stands for (none yet: empty), or
     * null when the name is null or not listed.
     */
    NavigableMap<Long, FundingSettlement> of(String venue, String perpetual) {
        String coin = perpetual == null ? null : VenueListings.coin(venue, perpetual, listed());
        return coin == null ? null : byCoin.computeIfAbsent(coin,
                k -> new ConcurrentSkipListMap<>());
    }

    /** The newest {@code n} settlements in [from, to], newest first, none in the future. */
    static List<FundingSettlement> newest(NavigableMap<Long, FundingSettlement> all,
            long from, long to, int n) {
        long now = System.currentTimeMillis();
        List<FundingSettlement> out = new ArrayList<>();
        for (FundingSettlement f : all.subMap(from, true, Math.min(to, now), true)
                .descendingMap().values()) {
            if (out.size() == n) {
                break;
            }
            out.add(f);
        }
        return out;
    }
}
