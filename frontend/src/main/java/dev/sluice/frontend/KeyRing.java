package dev.sluice.frontend;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;

/**
 * The API keys the frontend accepts: those given on the command line and those in the keys file, which is read again
 * at most once per {@link #RECHECK} while requests arrive, so keys added or removed there apply without a restart.
 * Only SHA-256 digests of keys are kept; a presented key is digested and compared with every known digest in constant
 * time, without stopping at a match. A key's id, for metrics, is the first 8 hex digits of its digest.
 *
 * <p>Concurrency: the list of known keys is immutable and replaced whole through a volatile field; one thread at a
 * time re-reads the file (a try-lock), the others keep using the list they see. A file that cannot be read keeps the
 * keys read before, with a warning. Nothing here ever logs a key.
 */
final class KeyRing {
    static final Duration RECHECK = Duration.ofSeconds(1);
    private static final Logger LOG = Logger.getLogger(KeyRing.class.getName());
    private static final int MAX_KEY_CHARS = 4096;

    private record Known(List<byte[]> digests, List<String> ids) {}

    private final List<String> fixed;
    private final Optional<Path> file;
    private final Clock clock;
    private final ReentrantLock reloading = new ReentrantLock();
    private volatile Known known;
    private volatile long nextCheckMillis;

    private KeyRing(List<String> fixed, Optional<Path> file, Clock clock) {
        this.fixed = fixed;
        this.file = file;
        this.clock = clock;
    }

    /** Reads the keys file once now; a file that cannot be read is a start-up error naming the flag. */
    static KeyRing load(ApiKeyConfig config, Clock clock) {
        KeyRing ring = new KeyRing(config.keys(), config.keysFile(), clock);
        List<String> fromFile = List.of();
        if (config.keysFile().isPresent()) {
            Path path = config.keysFile().get();
            try {
                fromFile = readFile(path);
            } catch (IOException e) {
                throw new IllegalArgumentException("--api-keys-file " + path + " cannot be read ("
                        + e.getClass().getSimpleName() + ")");
            }
        }
        ring.known = known(config.keys(), fromFile);
        ring.nextCheckMillis = clock.millis() + RECHECK.toMillis();
        return ring;
    }

    /** Whether {@code key} could be a key: 1 to 4096 printable ASCII characters, no spaces. */
    static boolean wellFormed(String key) {
        return !key.isEmpty() && key.length() <= MAX_KEY_CHARS && key.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }

    /** How many keys are accepted now. */
    int size() {
        return known.ids().size();
    }

    /** The id of the known key equal to {@code presented}, if any. */
    Optional<String> match(String presented) {
        recheck();
        byte[] digest = sha256(presented);
        Known k = known;
        String id = null;
        for (int i = 0; i < k.digests().size(); i++) {
            if (MessageDigest.isEqual(digest, k.digests().get(i))) {
                id = k.ids().get(i);
            }
        }
        return Optional.ofNullable(id);
    }

    /** The id metrics show for {@code key}. */
    static String id(String key) {
        return HexFormat.of().formatHex(sha256(key), 0, 4);
    }

    private void recheck() {
        if (file.isEmpty() || clock.millis() < nextCheckMillis || !reloading.tryLock()) {
            return;
        }
        try {
            nextCheckMillis = clock.millis() + RECHECK.toMillis();
            Known now = known(fixed, readFile(file.get()));
            if (!now.ids().equals(known.ids())) {
                LOG.info(
                        "API keys file " + file.get() + " changed: " + now.ids().size() + " keys accepted now");
            }
            known = now;
        } catch (IOException e) {
            LOG.warning("API keys file " + file.get() + " cannot be read ("
                    + e.getClass().getSimpleName() + "); keeping the "
                    + known.ids().size() + " keys known before");
        } finally {
            reloading.unlock();
        }
    }

    private static List<String> readFile(Path path) throws IOException {
        List<String> keys = new ArrayList<>();
        List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (wellFormed(line)) {
                keys.add(line);
            } else {
                LOG.warning("API keys file " + path + " line " + (i + 1)
                        + " is not a key (printable ASCII without spaces); skipped");
            }
        }
        return keys;
    }

    private static Known known(List<String> fixed, List<String> fromFile) {
        List<byte[]> digests = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (List<String> keys : List.of(fixed, fromFile)) {
            for (String key : keys) {
                digests.add(sha256(key));
                ids.add(id(key));
            }
        }
        return new Known(List.copyOf(digests), List.copyOf(ids));
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
