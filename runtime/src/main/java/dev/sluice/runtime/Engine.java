package dev.sluice.runtime;

/**
 * Anything that turns a request into a stream of responses: a worker, a router, or operators linked in front of one.
 * {@code generate} may block (it runs on a virtual thread) and throws {@link dev.sluice.protocol.SluiceException} for a
 * request it cannot start.
 */
@FunctionalInterface
public interface Engine<Req, Resp> {
    ResponseStream<Resp> generate(Req request, RequestContext context);
}
