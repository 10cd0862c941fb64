package dev.sluice.grpc;

import dev.sluice.protocol.OutputOptions;
import dev.sluice.protocol.PreprocessedRequest;
import dev.sluice.protocol.RoutingHints;
import dev.sluice.protocol.SamplingOptions;
import dev.sluice.protocol.StopConditions;
import dev.sluice.wire.GenerateRequest;
import dev.sluice.wire.Sampling;
import dev.sluice.wire.Stop;
import java.util.HashSet;
import java.util.OptionalLong;

/** {@link PreprocessedRequest} to and from its protobuf message, with the request context's id. */
final class RequestCodec {
    private RequestCodec() {}

    static GenerateRequest encode(String requestId, PreprocessedRequest r) {
        GenerateRequest.Builder b = GenerateRequest.newBuilder()
                .setRequestId(requestId)
                .setModel(r.model())
                .setStop(encode(r.stop()))
                .setSampling(encode(r.sampling()))
                .setLogprobs(r.output().logprobs())
                .setEcho(r.output().echo())
                .addAllAnnotations(r.annotations())
                .setMdcChecksum(r.mdcChecksum())
                .putAllDisaggregatedParams(ParamCodec.encode(r.disaggregatedParams()));
        for (int id : r.tokenIds()) {
            b.addTokenIds(id);
        }
        r.routing().backendInstanceId().ifPresent(b::setBackendInstanceId);
        return b.build();
    }

    static PreprocessedRequest decode(GenerateRequest m) {
        int[] ids = new int[m.getTokenIdsCount()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = m.getTokenIds(i);
        }
        return new PreprocessedRequest(
                m.getModel(),
                ids,
                decode(m.getStop()),
                decode(m.getSampling()),
                new OutputOptions(m.getLogprobs(), m.getEcho()),
                new HashSet<>(m.getAnnotationsList()),
                m.hasBackendInstanceId() ? RoutingHints.pinned(m.getBackendInstanceId()) : RoutingHints.NONE,
                m.getMdcChecksum(),
                ParamCodec.decode(m.getDisaggregatedParamsMap()));
    }

    private static Stop encode(StopConditions s) {
        return Stop.newBuilder()
                .setMaxTokens(s.maxTokens())
                .setMinTokens(s.minTokens())
                .addAllStop(s.stop())
                .addAllStopTokenIds(s.stopTokenIds())
                .setIgnoreEos(s.ignoreEos())
                .build();
    }

    private static StopConditions decode(Stop s) {
        return new StopConditions(
                s.getMaxTokens(), s.getMinTokens(), s.getStopList(), s.getStopTokenIdsList(), s.getIgnoreEos());
    }

    private static Sampling encode(SamplingOptions s) {
        Sampling.Builder b = Sampling.newBuilder()
                .setTemperature(s.temperature())
                .setTopP(s.topP())
                .setTopK(s.topK())
                .setN(s.n())
                .setPresencePenalty(s.presencePenalty())
                .setFrequencyPenalty(s.frequencyPenalty());
        s.seed().ifPresent(b::setSeed);
        return b.build();
    }

    private static SamplingOptions decode(Sampling s) {
        return new SamplingOptions(
                s.getTemperature(),
                s.getTopP(),
                s.getTopK(),
                s.hasSeed() ? OptionalLong.of(s.getSeed()) : OptionalLong.empty(),
                s.getN(),
                s.getPresencePenalty(),
                s.getFrequencyPenalty());
    }
}
