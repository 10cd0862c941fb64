package dev.sluice.kvrouter;

import java.util.Map;

/** Per worker, how many leading blocks of a request it caches, and how many blocks it caches in all. */
public record OverlapScores(Map<Long, Integer> matchedBlocks, Map<Long, Integer> treeSizes) {
    public OverlapScores {
        matchedBlocks = Map.copyOf(matchedBlocks);
        treeSizes = Map.copyOf(treeSizes);
    }

    public int matched(long worker) {
        return matchedBlocks.getOrDefault(worker, 0);
    }
}
