package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/** Bad command lines end with a clear message and exit code 2, before anything connects or starts. */
@Timeout(60)
class CommandLineTest {
    private static String run(int expectedExit, String... args) {
        CommandLine cmd = Main.commandLine();
        StringWriter err = new StringWriter();
        cmd.setErr(new PrintWriter(err));
        cmd.setOut(new PrintWriter(new StringWriter()));
        assertThat(cmd.execute(args)).as(err.toString()).isEqualTo(expectedExit);
        return err.toString();
    }

    @Test
    void aWorkerLongerThanTheDeploymentIsRefused() {
        String err = run(
                2,
                "worker",
                "--etcd",
                "http://127.0.0.1:1",
                "--nats",
                "nats://127.0.0.1:1",
                "--model-path",
                TestModel.directory().toString(),
                "--context-length",
                "32768",
                "--this-seqlen",
                "40000",
                "--max-seqlen",
                "32768");
        assertThat(err).contains("this-seqlen 40000 exceeds max-seqlen 32768");
    }

    @Test
    void badEngineFlagsAreNamed() {
        String[] common = {"worker", "--etcd", "http://127.0.0.1:1", "--nats", "nats://127.0.0.1:1", "--model-path"};
        String model = TestModel.directory().toString();
        assertThat(run(2, concat(common, model, "--engine", "tgi")))
                .contains("--engine tgi is not one of mocker, openai-http");
        assertThat(run(2, concat(common, model, "--engine", "openai-http")))
                .contains("--engine openai-http needs --engine-url");
        String[] engine = concat(common, model, "--engine", "openai-http", "--engine-url", "http://127.0.0.1:8001");
        assertThat(run(2, concat(engine, "--engine-kv-events", "http://127.0.0.1:5557")))
                .contains("--engine-kv-events http://127.0.0.1:5557 is not a ZMQ address such as tcp://HOST:5557");
        assertThat(run(
                        2,
                        concat(
                                engine,
                                "--engine-kv-events",
                                "tcp://127.0.0.1:5557",
                                "--engine-kv-events",
                                "tcp://127.0.0.1:5558",
                                "--engine-kv-replay",
                                "tcp://127.0.0.1:5559")))
                .contains("--engine-kv-replay is given 1 times but --engine-kv-events 2 times");
        assertThat(run(2, concat(common, model, "--engine-kv-events", "tcp://127.0.0.1:5557")))
                .contains("--engine-kv-events and --engine-kv-replay need --engine openai-http");
    }

    private static String[] concat(String[] head, String... tail) {
        String[] all = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }

    @Test
    void badServeFlagsAreNamed() {
        assertThat(run(2, "serve", "--model-path", TestModel.directory().toString(), "--tier", "8192=x"))
                .contains("--tier '8192=x' is not SEQLEN=WORKERS");
        assertThat(run(
                        2,
                        "serve",
                        "--model-path",
                        TestModel.directory().toString(),
                        "--context-length",
                        "32768",
                        "--tier",
                        "65536=1"))
                .contains("tier 65536 exceeds the model's context length of 32768");
        assertThat(run(2, "serve", "--model-path", TestModel.directory().toString(), "--router", "fastest"))
                .contains("router mode 'fastest' is not one of kv, round-robin, random");
        assertThat(run(2, "serve", "--model-path", "/no/such/dir")).contains("/no/such/dir");
        assertThat(run(
                        2,
                        "serve",
                        "--model-path",
                        TestModel.directory().toString(),
                        "--context-length",
                        "32768",
                        "--num-gpu-blocks",
                        "512",
                        "--block-size",
                        "16"))
                .as("regression: a sequence longer than the KV cache once hung its stream forever")
                .contains("a sequence of 32768 tokens (this-seqlen) does not fit the simulated KV cache of 512 blocks"
                        + " x 16 tokens = 8192 tokens; pass --num-gpu-blocks 2048 or more");
    }

    @Test
    void badAdmissionFlagsAreNamed() {
        String model = TestModel.directory().toString();
        assertThat(run(2, "serve", "--model-path", model, "--admission-high-water", "-0.5"))
                .contains("admission high-water -0.5 must be a fraction of KV capacity >= 0 (0 disables)");
        assertThat(run(2, "serve", "--model-path", model, "--queue-depth", "-1"))
                .contains("queue depth -1 is negative");
        assertThat(run(2, "serve", "--model-path", model, "--queue-timeout", "-2"))
                .contains("--queue-timeout -2.0 must be >= 0 seconds");
    }

    @Test
    void admissionFlagsAreDocumentedOnServeFrontendAndSimulate() {
        for (String command : new String[] {"serve", "frontend", "simulate"}) {
            CommandLine cmd = Main.commandLine().getSubcommands().get(command);
            String help = cmd.getUsageMessage(CommandLine.Help.Ansi.OFF).replaceAll("\\s+", " ");
            assertThat(help)
                    .as(command)
                    .contains("--admission-high-water", "--no-admission", "--queue-depth", "--queue-timeout")
                    .contains("HTTP 429 and Retry-After");
        }
    }

    @Test
    void admissionFlagsMakeTheRouterSettings() {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs("--queue-depth", "3", "--queue-timeout", "0.25");
        var settings = serve.deployment.routerSettings().admission();
        assertThat(settings.highWater()).isEqualTo(0.9);
        assertThat(settings.queueDepth()).isEqualTo(3);
        assertThat(settings.queueTimeout()).isEqualTo(Duration.ofMillis(250));
        ServeCommand off = new ServeCommand();
        new CommandLine(off).parseArgs("--no-admission");
        assertThat(off.deployment.routerSettings().admission().enabled()).isFalse();
    }

    @Test
    void unknownFlagsGetUsageHelp() {
        assertThat(run(2, "serve", "--no-such-flag")).contains("Unknown option: '--no-such-flag'");
    }
}
