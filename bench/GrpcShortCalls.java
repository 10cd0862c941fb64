// The gRPC request plane alone, in one JVM on loopback: N virtual threads each make short generate calls (8 outputs,
// produced by another thread through a Channel, as the mocker does) and the calls/s of five rounds of 4,000 are
// printed. No HTTP, no tokenizer, no mocker: what is left is the plane's per-call cost.
// Run against any built checkout: java -cp "CHECKOUT/cli/target/lib/*" bench/GrpcShortCalls.java 32
import dev.sluice.grpc.GrpcRequestPlane;
import dev.sluice.protocol.EngineOutput;
import dev.sluice.protocol.FinishReason;
import dev.sluice.protocol.InstanceRecord;
import dev.sluice.protocol.PreprocessedRequest;
import dev.sluice.protocol.StopConditions;
import dev.sluice.protocol.WorkerMetadata;
import dev.sluice.protocol.WorkerRole;
import dev.sluice.runtime.Channel;
import dev.sluice.runtime.Engine;
import dev.sluice.runtime.RequestContext;
import dev.sluice.runtime.RequestPlane;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

public class GrpcShortCalls {
    public static void main(String[] args) throws Exception {
        int concurrency = Integer.parseInt(args[0]);
        int calls = 4_000;
        GrpcRequestPlane plane = new GrpcRequestPlane("127.0.0.1", 0);
        ExecutorService producer = Executors.newVirtualThreadPerTaskExecutor();
        RequestPlane.Registration reg = plane.serve(1, (req, ctx) -> {
            Channel<EngineOutput> ch = new Channel<>(20, () -> {});
            producer.submit(() -> {
                for (int i = 0; i < 7; i++) {
                    ch.send(EngineOutput.tokens(i));
                }
                ch.send(EngineOutput.finished(FinishReason.LENGTH, 7));
                ch.finish();
            });
            return ch;
        });
        InstanceRecord worker = new InstanceRecord(
                "ns", "c", "e", 1, reg.address(), new WorkerMetadata("m", WorkerRole.DECODE, 100, 100, 16, 1, 1, 1));
        Engine<PreprocessedRequest, EngineOutput> client = plane.client(worker);
        PreprocessedRequest request = PreprocessedRequest.of("m", new int[] {1}, StopConditions.maxTokens(8));
        for (int round = 1; round <= 5; round++) {
            long start = System.nanoTime();
            try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int c = 0; c < concurrency; c++) {
                    callers.submit(() -> {
                        for (int i = 0; i < calls / concurrency; i++) {
                            client.generate(request, RequestContext.create("r")).toList();
                        }
                    });
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("round %d: %d concurrent, %.0f calls/s%n", round, concurrency, calls / seconds);
        }
        reg.close();
        plane.close();
        System.exit(0);
    }
}
