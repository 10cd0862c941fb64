package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code sluice simulate} from its command line: reports, determinism, comparisons, and bad input. */
@Timeout(120)
class SimulateCommandTest {
    record Outcome(int exit, String out, String err) {}

    static Outcome run(String... args) {
        CommandLine cmd = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        int exit = cmd.execute(args);
        return new Outcome(exit, out.toString(), err.toString());
    }

    /** A small Mooncake-format trace: requests sharing prefixes of 512-token blocks, a few long ones. */
    static Path trace(Path dir, int requests) throws Exception {
        SplittableRandom random = new SplittableRandom(42);
        List<String> lines = new ArrayList<>();
        long t = 0;
        for (int i = 0; i < requests; i++) {
            int blocks = 1 + random.nextInt(i % 10 == 0 ? 40 : 12);
            StringBuilder ids = new StringBuilder();
            for (int b = 0; b < blocks; b++) {
                ids.append(b == 0 ? "" : ", ").append(b < 3 ? b : 1000 * i + b);
            }
            lines.add(String.format(
                    "{\"timestamp\": %d, \"input_length\": %d, \"output_length\": %d, \"hash_ids\": [%s]}",
                    t, blocks * 512 - random.nextInt(100), 10 + random.nextInt(200), ids));
            t += random.nextInt(200);
        }
        Path file = dir.resolve("trace.jsonl");
        Files.write(file, lines);
        return file;
    }

    @Test
    void theSameFlagsGiveAByteIdenticalReport(@TempDir Path dir) throws Exception {
        Path trace = trace(dir, 120);
        String[] common = {
            "simulate",
            "--trace",
            trace.toString(),
            "--tier",
            "8192=2",
            "--tier",
            "32768=1",
            "--timing-profile",
            "h100-llama3.1-8b",
            "--seed",
            "5"
        };
        Outcome a = run(concat(common, "--report", dir.resolve("a").toString()));
        Outcome b = run(concat(common, "--report", dir.resolve("b").toString()));
        assertThat(a.exit()).as(a.err()).isZero();
        assertThat(b.exit()).as(b.err()).isZero();
        byte[] first = Files.readAllBytes(dir.resolve("a/report.json"));
        assertThat(Files.readAllBytes(dir.resolve("b/report.json"))).isEqualTo(first);
        JsonNode json = new ObjectMapper().readTree(first);
        assertThat(json.at("/report/buckets/all/requests").asInt()).isEqualTo(120);
        assertThat(json.at("/report/buckets/all/errors").asInt()).isZero();
        assertThat(json.at("/simulation/workers")).hasSize(3);
        assertThat(json.at("/simulation/workers/0/utilization").asDouble()).isBetween(0.0, 1.0);
        assertThat(a.out()).contains("| all | 120 | 0 |").contains("| worker | role | tier |");
        for (String png : List.of("ttft.png", "itl.png", "kv_usage.png", "waiting.png", "busy.png")) {
            assertThat(Files.size(dir.resolve("a").resolve(png))).as(png).isPositive();
        }
        assertThat(a.err()).contains("events/s per core");
    }

    @Test
    void deploymentsAreComparedOverALoadSweep(@TempDir Path dir) throws Exception {
        Path trace = trace(dir, 80);
        Outcome o = run(
                "simulate",
                "--trace",
                trace.toString(),
                "--timing-profile",
                "h100-llama3.1-8b",
                "--load",
                "1,4",
                "--compare",
                "--router kv --tier 65536=4",
                "--router round-robin --tier 65536=4",
                "--report",
                dir.resolve("cmp").toString());
        assertThat(o.exit()).as(o.err()).isZero();
        assertThat(o.out())
                .contains("| --router kv --tier 65536=4 | 1.0 |", "| --router round-robin --tier 65536=4 | 4.0 |");
        JsonNode json =
                new ObjectMapper().readTree(dir.resolve("cmp/report.json").toFile());
        assertThat(json.get("runs")).hasSize(4);
        assertThat(json.at("/runs/1/load").asDouble()).isEqualTo(4.0);
        assertThat(json.at("/runs/1/offered_requests_per_second").asDouble())
                .isCloseTo(
                        4 * json.at("/runs/0/offered_requests_per_second").asDouble(),
                        org.assertj.core.data.Percentage.withPercentage(0.1));
        assertThat(Files.size(dir.resolve("cmp/goodput.png"))).isPositive();
        assertThat(Files.isDirectory(dir.resolve("cmp/run-01-load-1.0"))).isTrue();
    }

    @Test
    void comparedDeploymentsStartFromTheOuterDeploymentFlags(@TempDir Path dir) throws Exception {
        Path trace = trace(dir, 20);
        Outcome o = run(
                "simulate",
                "--trace",
                trace.toString(),
                "--timing-profile",
                "a100-qwen3-8b",
                "--tier",
                "65536=3",
                "--compare",
                "--router round-robin",
                "--router kv --tier 65536=2",
                "--report",
                dir.resolve("cmp").toString());
        assertThat(o.exit()).as(o.err()).isZero();
        ObjectMapper json = new ObjectMapper();
        JsonNode outerTiers =
                json.readTree(dir.resolve("cmp/run-01-load-1.0/report.json").toFile());
        assertThat(outerTiers.at("/simulation/workers")).hasSize(3);
        assertThat(outerTiers.at("/simulation/workers/0/profile").asText()).isEqualTo("a100-qwen3-8b");
        JsonNode ownTiers =
                json.readTree(dir.resolve("cmp/run-02-load-1.0/report.json").toFile());
        assertThat(ownTiers.at("/simulation/workers")).hasSize(2);
        assertThat(ownTiers.at("/simulation/workers/1/profile").asText()).isEqualTo("a100-qwen3-8b");
    }

    @Test
    void badInputIsNamedAndExitsWithTwo(@TempDir Path dir) throws Exception {
        Path trace = trace(dir, 5);
        assertThat(run("simulate", "--trace", trace.toString(), "--timing-profile", "tpu-v9")
                        .err())
                .contains("timing profile 'tpu-v9' is neither a known profile");
        Outcome tooLong = run(
                "simulate", "--trace", trace.toString(), "--tier", "600000=1", "--timing-profile", "h100-llama3.1-8b");
        assertThat(tooLong.exit()).isEqualTo(2);
        assertThat(tooLong.err())
                .contains("a sequence of 600000 tokens (this-seqlen) does not fit", "h100-llama3.1-8b");
        Path broken = dir.resolve("broken.jsonl");
        Files.writeString(broken, Files.readString(trace) + "{\"timestamp\": 9, \"input_length\": \"many\"}\n");
        Outcome bad = run("simulate", "--trace", broken.toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("line 6");
        assertThat(run("simulate", "--trace", dir.resolve("none.jsonl").toString())
                        .err())
                .contains("does not exist");
        assertThat(run("simulate", "--trace", trace.toString(), "--load", "0").exit())
                .isEqualTo(2);
        assertThat(run("simulate", "--trace", trace.toString(), "--compare", "--router fastest")
                        .err())
                .contains("--compare \"--router fastest\"");
        assertThat(run("simulate", "--tier", "8192=2:a100-qwen3-8b", "--tier", "32768=1:nope")
                        .err())
                .contains("'nope'");
    }

    @Test
    void helpExplainsEveryFlag() {
        String help = Main.commandLine().getSubcommands().get("simulate").getUsageMessage();
        for (String flag : List.of(
                "--trace",
                "--time-scale",
                "--max-requests",
                "--slo-ttft",
                "--slo-itl",
                "--report",
                "--tier",
                "--router",
                "--tier-policy",
                "--prefill-workers",
                "--prefill-threshold",
                "--timing-profile",
                "--num-gpu-blocks",
                "--load",
                "--compare",
                "--seed")) {
            assertThat(help).contains(flag);
        }
        assertThat(help).contains("h100-llama3.1-8b", "a100-qwen3-8b", "dynamo-default");
    }

    static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
