package io.regimeflow.functions.correlation;

import io.regimeflow.model.PairCorrelation;
import java.util.List;

/**
 * Which of a symbol's pairs its snapshot keeps: those in break (what a reader of the symbol is
 * alerted to) and its strongest by |corr_30d|. A pair without corr_30d yet ranks below any
 * with one, so that while the windows warm up a snapshot still says which pairs exist; for a
 * universe small enough, every pair is kept, as before the pairs had their own output.
 */
final class SnapshotPairs {
    private SnapshotPairs() {}

    /** The kept pairs of {@code own}, in its order. */
    static PairCorrelation[] kept(List<PairCorrelation> own, int strongest) {
        int n = own.size();
        boolean[] keep = new boolean[n];
        int[] top = strongestIndices(own, strongest);
        for (int i : top) {
            keep[i] = true;
        }
        int count = 0;
        for (int i = 0; i < n; i++) {
            keep[i] |= own.get(i).inBreak();
            if (keep[i]) {
                count++;
            }
        }
        PairCorrelation[] out = new PairCorrelation[count];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (keep[i]) {
                out[k++] = own.get(i);
            }
        }
        return out;
    }

    /**
     * Indices of the {@code limit} strongest pairs; on equal strength the earlier pair wins.
     * An insertion into a short sorted array: O(pairs x limit), no sort of all the pairs.
     */
    private static int[] strongestIndices(List<PairCorrelation> own, int limit) {
        int size = Math.min(limit, own.size());
        if (size == 0) {
            return new int[0];
        }
        int[] best = new int[size];
        double[] strength = new double[size];
        int filled = 0;
        for (int i = 0; i < own.size(); i++) {
            double s = strength(own.get(i));
            if (filled == size && !(s > strength[size - 1])) {
                continue;
            }
            int at = filled < size ? filled++ : size - 1;
            while (at > 0 && s > strength[at - 1]) {
                best[at] = best[at - 1];
                strength[at] = strength[at - 1];
                at--;
            }
            best[at] = i;
            strength[at] = s;
        }
        return best;
    }

    /** |corr_30d|, or -1 (below every correlation) while there is none. */
    private static double strength(PairCorrelation p) {
        return p.corr30d() == null ? -1 : Math.abs(p.corr30d());
    }
}
