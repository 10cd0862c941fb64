package dev.sluice.grpc;

import dev.sluice.runtime.RequestPlane;
import dev.sluice.runtime.contract.RequestPlaneContract;

/** The request-plane contract over gRPC on loopback. */
class GrpcRequestPlaneTest extends RequestPlaneContract {
    @Override
    protected RequestPlane create() {
        return new GrpcRequestPlane("127.0.0.1", 0);
    }
}
