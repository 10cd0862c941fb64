package dev.sluice.grpc;

import dev.sluice.wire.GenerateRequest;
import dev.sluice.wire.OutputBatch;
import io.grpc.MethodDescriptor;
import io.grpc.protobuf.ProtoUtils;

/** The one method of the plane: {@code sluice.Worker/Generate}, protobuf both ways, server-streaming. */
final class WireMethods {
    static final String SERVICE = "sluice.Worker";

    static final MethodDescriptor<GenerateRequest, OutputBatch> GENERATE =
            MethodDescriptor.<GenerateRequest, OutputBatch>newBuilder()
                    .setType(MethodDescriptor.MethodType.SERVER_STREAMING)
                    .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "Generate"))
                    .setRequestMarshaller(ProtoUtils.marshaller(GenerateRequest.getDefaultInstance()))
                    .setResponseMarshaller(ProtoUtils.marshaller(OutputBatch.getDefaultInstance()))
                    .build();

    private WireMethods() {}
}
