package dev.sluice.grpc;

import dev.sluice.protocol.ErrorCode;
import dev.sluice.protocol.SluiceException;
import dev.sluice.runtime.StreamBrokenException;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * How failures cross the plane. A request the engine refused (a typed error other than a broken stream) travels as
 * INVALID_ARGUMENT with its error code (and parameter) in trailers, so the caller rethrows it as it was instead of
 * migrating the request; everything else breaks the stream, which the caller may migrate.
 */
final class Refusals {
    private static final Metadata.Key<String> ERROR_CODE =
            Metadata.Key.of("sluice-error-code", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> ERROR_PARAM =
            Metadata.Key.of("sluice-error-param", Metadata.ASCII_STRING_MARSHALLER);

    private Refusals() {}

    static StatusRuntimeException toStatus(RuntimeException e) {
        if (e instanceof SluiceException s && !(e instanceof StreamBrokenException)) {
            Metadata trailers = new Metadata();
            trailers.put(ERROR_CODE, s.code().name());
            s.param().ifPresent(p -> trailers.put(ERROR_PARAM, p));
            return Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException(trailers);
        }
        return Status.UNAVAILABLE
                .withDescription(String.valueOf(e.getMessage()))
                .asRuntimeException();
    }

    static RuntimeException fromStatus(Status status, Metadata trailers, String address) {
        String code = trailers.get(ERROR_CODE);
        if (status.getCode() == Status.Code.INVALID_ARGUMENT && code != null) {
            return new SluiceException(ErrorCode.valueOf(code), status.getDescription(), trailers.get(ERROR_PARAM));
        }
        return new StreamBrokenException(
                "worker " + address + " stream broke: " + status.getCode() + " " + status.getDescription(),
                status.asRuntimeException(trailers));
    }
}
