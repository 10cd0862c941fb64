package dev.sluice.runtime;

/**
 * One stage of the pipeline. It transforms the request on the way down, calls {@code next}, and transforms the
 * response stream on the way back. Operators are composed with {@link #link}, never inherited:
 *
 * <pre>
 *   UpReq ──► [operator] ──DownReq──► next engine
 *   UpResp ◄── [operator] ◄─DownResp── next engine
 * </pre>
 */
@FunctionalInterface
public interface Operator<UpReq, UpResp, DownReq, DownResp> {
    ResponseStream<UpResp> generate(UpReq request, RequestContext context, Engine<DownReq, DownResp> next);

    /** The engine formed by this operator in front of {@code next}. */
    default Engine<UpReq, UpResp> link(Engine<DownReq, DownResp> next) {
        return (request, context) -> generate(request, context, next);
    }
}
