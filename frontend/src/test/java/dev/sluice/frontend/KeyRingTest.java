package dev.sluice.frontend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(10)
class KeyRingTest {
    private final FakeClock clock = new FakeClock();

    @TempDir
    Path dir;

    private KeyRing ring(List<String> keys, Optional<Path> file) {
        return KeyRing.load(new ApiKeyConfig(keys, file, false, List.of()), clock);
    }

    @Test
    void matchesOnlyAKnownKeyAndNamesItByAShortHash() {
        KeyRing ring = ring(List.of("sk-one", "sk-two"), Optional.empty());
        assertThat(ring.match("sk-two")).contains(KeyRing.id("sk-two"));
        assertThat(ring.match("sk-tw")).isEmpty();
        assertThat(ring.match("sk-two ")).isEmpty();
        assertThat(KeyRing.id("sk-two")).hasSize(8).isNotEqualTo(KeyRing.id("sk-one"));
    }

    @Test
    void theKeysFileIsReadAgainOnceTheRecheckIntervalPassed() throws Exception {
        Path file = dir.resolve("keys");
        Files.writeString(file, "# ops keys\nsk-old\n\n");
        KeyRing ring = ring(List.of(), Optional.of(file));
        assertThat(ring.match("sk-old")).isPresent();
        Files.writeString(file, "sk-new\n");
        assertThat(ring.match("sk-new")).as("not before the interval").isEmpty();
        clock.advance(KeyRing.RECHECK);
        assertThat(ring.match("sk-new")).isPresent();
        assertThat(ring.match("sk-old")).as("removed from the file").isEmpty();
    }

    @Test
    void aFileThatVanishesKeepsTheKeysReadBefore() throws Exception {
        Path file = dir.resolve("keys");
        Files.writeString(file, "sk-kept\nnot a key\n");
        KeyRing ring = ring(List.of(), Optional.of(file));
        assertThat(ring.size()).as("the line with spaces is skipped").isEqualTo(1);
        Files.delete(file);
        clock.advance(Duration.ofSeconds(5));
        assertThat(ring.match("sk-kept")).isPresent();
    }

    @Test
    void aMissingFileAtStartNamesTheFlag() {
        Path missing = dir.resolve("nope");
        assertThatThrownBy(() -> ring(List.of(), Optional.of(missing)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--api-keys-file " + missing);
    }

    @Test
    void aBadKeyOnTheCommandLineIsRefusedWithoutBeingShown() {
        assertThatThrownBy(() -> ring(List.of("ok", "has space"), Optional.empty()))
                .hasMessageContaining("--api-key number 2")
                .hasMessageNotContaining("has space");
        assertThat(new ApiKeyConfig(List.of("sk-secret"), Optional.empty(), false, List.of()).toString())
                .doesNotContain("sk-secret");
    }
}
