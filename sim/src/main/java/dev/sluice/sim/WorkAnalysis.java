package dev.sluice.sim;

import dev.sluice.bench.TraceRequest;
import dev.sluice.mocker.StepWork;
import dev.sluice.mocker.TimingModel;
import java.util.ArrayList;
import java.util.List;

/**
 * The analytic first cut of tier sizing: a workload split into length classes by the tiers that would hold each
 * request (prompt plus output, as {@code fit-total} places it), and per class the work a GPU profile must do for it:
 *
 * <ul>
 *   <li>prefill GPU-seconds: every prompt prefilled in chunks of the step budget on an idle GPU (no cache hits);
 *   <li>decode GPU-seconds: per output token, reading its KV at the profile's bandwidth plus a share of the weights
 *       as if {@value #BATCH} sequences decoded together;
 *   <li>KV-token-seconds: the tokens a request holds times how long it holds them.
 * </ul>
 *
 * A class needs enough workers for its compute at {@value #UTILIZATION} utilization and for its KV at
 * {@value #KV_UTILIZATION} of their capacity, whichever is more. Long prompts make prefill, not request count or KV
 * share, what decides how many workers a long class needs.
 */
public final class WorkAnalysis {
    static final int BATCH = 8;
    static final double UTILIZATION = 0.7;
    static final double KV_UTILIZATION = 0.8;

    private WorkAnalysis() {}

    /** One length class: requests whose sequence fits {@code (fromTokens, toTokens]}, and their work. */
    public record ClassWork(
            int fromTokens,
            int toTokens,
            int requests,
            double prefillGpuSeconds,
            double decodeGpuSeconds,
            double kvTokenSeconds,
            double workersForCompute,
            double workersForKv) {
        public double workersNeeded() {
            return Math.max(workersForCompute, workersForKv);
        }
    }

    /**
     * The classes of {@code tiers} (ascending {@code this_seqlen}) over a workload replayed at {@code timeScale}, on
     * {@code profile} with {@code budgetTokens} per step and {@code capacityTokens} of KV per worker.
     */
    public static List<ClassWork> of(
            List<TraceRequest> workload,
            double timeScale,
            List<Integer> tiers,
            TimingModel profile,
            int budgetTokens,
            long capacityTokens) {
        double span = spanSeconds(workload, timeScale);
        int n = tiers.size();
        int[] count = new int[n];
        double[] prefill = new double[n];
        double[] decode = new double[n];
        double[] kv = new double[n];
        for (TraceRequest r : workload) {
            int total = r.inputLength() + r.outputLength();
            int c = 0;
            while (c < n - 1 && tiers.get(c) < total) {
                c++;
            }
            double prefillSeconds = prefillSeconds(profile, r.inputLength(), budgetTokens);
            double decodeSeconds = decodeSeconds(profile, r.inputLength(), r.outputLength());
            count[c]++;
            prefill[c] += prefillSeconds;
            decode[c] += decodeSeconds;
            // Held through prefill at the prompt's size, then growing through decode at a batched pace.
            double stepSeconds = profile.stepMillis(StepWork.decode(BATCH, (long) BATCH * total, 0)) / 1000;
            kv[c] += r.inputLength() * prefillSeconds
                    + (r.inputLength() + r.outputLength() / 2.0) * r.outputLength() * stepSeconds;
        }
        List<ClassWork> out = new ArrayList<>();
        for (int c = 0; c < n; c++) {
            double compute = (prefill[c] + decode[c]) / span / UTILIZATION;
            double memory = kv[c] / span / (capacityTokens * KV_UTILIZATION);
            out.add(new ClassWork(
                    c == 0 ? 0 : tiers.get(c - 1),
                    tiers.get(c),
                    count[c],
                    prefill[c],
                    decode[c],
                    kv[c],
                    compute,
                    memory));
        }
        return out;
    }

    /** Seconds from the first arrival to the last, at least one. */
    static double spanSeconds(List<TraceRequest> workload, double timeScale) {
        long first = workload.getFirst().timestampMillis();
        long last = workload.getLast().timestampMillis();
        return Math.max(1, (last - first) * timeScale / 1000);
    }

    /** A prompt prefilled alone, chunk by chunk. */
    static double prefillSeconds(TimingModel profile, int prompt, int budgetTokens) {
        double millis = 0;
        for (int done = 0; done < prompt; done += budgetTokens) {
            millis += profile.stepMillis(StepWork.prefill(Math.min(budgetTokens, prompt - done), done));
        }
        return millis / 1000;
    }

    /** Output tokens decoded in a batch of {@value #BATCH}: this sequence's share of each step. */
    static double decodeSeconds(TimingModel profile, int prompt, int output) {
        long meanContext = prompt + output / 2;
        double step = profile.stepMillis(StepWork.decode(BATCH, BATCH * meanContext, 0));
        return output * step / BATCH / 1000;
    }

    /**
     * {@code workers} split over the classes in proportion to what each needs, at least one each, by largest
     * remainder (ties to the longer tier).
     */
    public static int[] allocate(List<ClassWork> classes, int workers) {
        int n = classes.size();
        if (workers < n) {
            throw new IllegalArgumentException(workers + " workers cannot fill " + n + " tiers");
        }
        double need = classes.stream().mapToDouble(ClassWork::workersNeeded).sum();
        int[] out = new int[n];
        double[] remainder = new double[n];
        int given = 0;
        for (int c = 0; c < n; c++) {
            double share = need <= 0 ? (double) workers / n : classes.get(c).workersNeeded() / need * workers;
            out[c] = Math.max(1, (int) Math.floor(share));
            remainder[c] = share - Math.floor(share);
            given += out[c];
        }
        while (given > workers) {
            int most = -1;
            for (int c = 0; c < n; c++) {
                if (out[c] > 1 && (most < 0 || out[c] > out[most])) {
                    most = c;
                }
            }
            out[most]--;
            given--;
        }
        while (given < workers) {
            int best = n - 1;
            for (int c = n - 1; c >= 0; c--) {
                if (remainder[c] > remainder[best]) {
                    best = c;
                }
            }
            out[best]++;
            remainder[best] = -1;
            given++;
        }
        return out;
    }
}
