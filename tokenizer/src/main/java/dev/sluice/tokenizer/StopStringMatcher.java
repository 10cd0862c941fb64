package dev.sluice.tokenizer;

import java.util.List;

/**
 * Finds stop strings in streamed text. Text that could be the start of a stop string is held back until it is
 * clearly not one, because a stop string may span token boundaries; on a match, the stop string and everything after
 * it are dropped. When several stop strings complete in the same delta, the one that ends first wins. Not
 * thread-safe: one per sequence.
 */
public final class StopStringMatcher {
    private final List<String> stops;
    private final StringBuilder held = new StringBuilder();
    private boolean stopped;

    /** The outcome of one delta: text safe to show, and whether a stop string matched. */
    public record Result(String text, boolean stopped) {}

    public StopStringMatcher(List<String> stops) {
        this.stops = List.copyOf(stops);
        if (this.stops.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("stop strings must not be empty");
        }
    }

    public Result push(String delta) {
        if (stopped) {
            return new Result("", true);
        }
        if (stops.isEmpty()) {
            return new Result(delta, false);
        }
        held.append(delta);
        int bestStart = -1;
        int bestEnd = Integer.MAX_VALUE;
        for (String stop : stops) {
            int at = held.indexOf(stop);
            if (at >= 0 && (at + stop.length() < bestEnd || (at + stop.length() == bestEnd && at < bestStart))) {
                bestStart = at;
                bestEnd = at + stop.length();
            }
        }
        if (bestStart >= 0) {
            String text = held.substring(0, bestStart);
            held.setLength(0);
            stopped = true;
            return new Result(text, true);
        }
        int keep = longestPartialMatch();
        String text = held.substring(0, held.length() - keep);
        held.delete(0, held.length() - keep);
        return new Result(text, false);
    }

    /** The held text at the end of a sequence that did not stop. */
    public String flush() {
        String text = stopped ? "" : held.toString();
        held.setLength(0);
        return text;
    }

    /** Length of the longest suffix of the held text that is a proper prefix of some stop string. */
    private int longestPartialMatch() {
        String h = held.toString();
        int best = 0;
        for (String stop : stops) {
            int max = Math.min(stop.length() - 1, h.length());
            for (int len = max; len > best; len--) {
                if (h.regionMatches(h.length() - len, stop, 0, len)) {
                    best = len;
                    break;
                }
            }
        }
        return best;
    }
}
