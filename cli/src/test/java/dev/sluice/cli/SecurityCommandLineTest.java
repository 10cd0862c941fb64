package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Security flags that cannot work end the command with exit code 2 and a message naming the flag, before it connects. */
@Timeout(60)
class SecurityCommandLineTest {
    private static final String[] SERVICES = {"--etcd", "http://127.0.0.1:1", "--nats", "nats://127.0.0.1:1"};

    @TempDir
    Path dir;

    private static String run(String... args) {
        CommandLine cmd = Main.commandLine();
        StringWriter err = new StringWriter();
        cmd.setErr(new PrintWriter(err));
        cmd.setOut(new PrintWriter(new StringWriter()));
        assertThat(cmd.execute(args)).as(err.toString()).isEqualTo(2);
        return err.toString();
    }

    private static String[] with(String command, String... extra) {
        String[] all = new String[2 + SERVICES.length + extra.length];
        all[0] = command;
        System.arraycopy(SERVICES, 0, all, 1, SERVICES.length);
        all[1 + SERVICES.length] = "--http-port";
        System.arraycopy(extra, 0, all, 2 + SERVICES.length, extra.length);
        return all;
    }

    @Test
    void aMissingKeysFileIsNamed() {
        Path absent = dir.resolve("keys.txt");
        assertThat(run(with("frontend", "0", "--api-keys-file", absent.toString())))
                .contains("--api-keys-file " + absent + " does not exist");
    }

    @Test
    void partialOrMissingTlsFilesAreNamed() throws Exception {
        Path cert = Files.writeString(dir.resolve("cert.pem"), "x");
        assertThat(run(with("frontend", "0", "--tls-cert", cert.toString())))
                .contains("--tls-cert, --tls-key and --tls-ca go together");
        Path absent = dir.resolve("ca.pem");
        assertThat(run(with(
                        "frontend",
                        "0",
                        "--tls-cert",
                        cert.toString(),
                        "--tls-key",
                        cert.toString(),
                        "--tls-ca",
                        absent.toString())))
                .contains("--tls-ca " + absent + " does not exist");
        assertThat(run(with("frontend", "0", "--nats-cert", cert.toString())))
                .contains("--nats-cert and --nats-key go together");
        assertThat(run(with("frontend", "0", "--etcd-user", "root")))
                .contains("--etcd-user and --etcd-password-file go together");
        assertThat(run(with("frontend", "0", "--key-rate-limit", "10/s", "--api-key", "k")))
                .contains("--key-rate-limit 10/s");
    }

    @Test
    void aKeyOnTheCommandLineThatCannotBeSentIsRefusedWithoutBeingEchoed() {
        assertThat(run(with("frontend", "0", "--api-key", "has space")))
                .contains("--api-key number 1")
                .doesNotContain("has space");
    }
}
