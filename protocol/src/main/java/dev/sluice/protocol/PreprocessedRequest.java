package dev.sluice.protocol;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A request after the preprocessor: token ids instead of text, every limit resolved. This is what the request plane
 * carries to a worker. {@code disaggregatedParams} is the opaque KV transfer handle from a prefill worker, if any.
 */
public record PreprocessedRequest(
        String model,
        int[] tokenIds,
        StopConditions stop,
        SamplingOptions sampling,
        OutputOptions output,
        Set<String> annotations,
        RoutingHints routing,
        String mdcChecksum,
        Map<String, Object> disaggregatedParams) {

    public PreprocessedRequest {
        Objects.requireNonNull(model, "model");
        tokenIds = tokenIds.clone();
        Objects.requireNonNull(stop, "stop");
        Objects.requireNonNull(sampling, "sampling");
        Objects.requireNonNull(output, "output");
        annotations = Set.copyOf(annotations);
        Objects.requireNonNull(routing, "routing");
        Objects.requireNonNull(mdcChecksum, "mdcChecksum");
        disaggregatedParams = Map.copyOf(disaggregatedParams);
    }

    public static PreprocessedRequest of(String model, int[] tokenIds, StopConditions stop) {
        return new PreprocessedRequest(
                model,
                tokenIds,
                stop,
                SamplingOptions.DEFAULT,
                OutputOptions.DEFAULT,
                Set.of(),
                RoutingHints.NONE,
                "",
                Map.of());
    }

    @Override
    public int[] tokenIds() {
        return tokenIds.clone();
    }

    public int promptLength() {
        return tokenIds.length;
    }

    public PreprocessedRequest withTokenIds(int[] ids) {
        return new PreprocessedRequest(
                model, ids, stop, sampling, output, annotations, routing, mdcChecksum, disaggregatedParams);
    }

    public PreprocessedRequest withStop(StopConditions newStop) {
        return new PreprocessedRequest(
                model, tokenIds, newStop, sampling, output, annotations, routing, mdcChecksum, disaggregatedParams);
    }

    public PreprocessedRequest withRouting(RoutingHints hints) {
        return new PreprocessedRequest(
                model, tokenIds, stop, sampling, output, annotations, hints, mdcChecksum, disaggregatedParams);
    }

    public PreprocessedRequest withDisaggregatedParams(Map<String, Object> params) {
        return new PreprocessedRequest(
                model, tokenIds, stop, sampling, output, annotations, routing, mdcChecksum, params);
    }

    /**
     * A continuation after {@code generated} more tokens: prompt extended, limits reduced, and no placement or
     * transfer state carried over from the first placement.
     */
    public PreprocessedRequest continuation(int[] generated) {
        int[] ids = Arrays.copyOf(tokenIds, tokenIds.length + generated.length);
        System.arraycopy(generated, 0, ids, tokenIds.length, generated.length);
        return new PreprocessedRequest(
                model,
                ids,
                stop.afterGenerated(generated.length),
                sampling,
                output,
                annotations,
                RoutingHints.NONE.withOutputUnbounded(routing.outputUnbounded()),
                mdcChecksum,
                Map.of());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PreprocessedRequest r
                && model.equals(r.model)
                && Arrays.equals(tokenIds, r.tokenIds)
                && stop.equals(r.stop)
                && sampling.equals(r.sampling)
                && output.equals(r.output)
                && annotations.equals(r.annotations)
                && routing.equals(r.routing)
                && mdcChecksum.equals(r.mdcChecksum)
                && disaggregatedParams.equals(r.disaggregatedParams);
    }

    @Override
    public int hashCode() {
        return Objects.hash(model, Arrays.hashCode(tokenIds), stop, sampling, routing);
    }

    @Override
    public String toString() {
        return "PreprocessedRequest[model=" + model + ", promptTokens=" + tokenIds.length + ", stop=" + stop
                + ", routing=" + routing + "]";
    }
}
