package dev.sluice.jinja;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The committed conformance fixtures (see {@code scripts/regen-chat-template-fixtures}) and how to render them. */
final class Fixtures {
    /** The instant the reference saw when the fixtures were rendered. */
    static final ZonedDateTime FIXED_TIME = ZonedDateTime.of(2026, 3, 7, 9, 5, 0, 0, ZoneOffset.UTC);

    private static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {}

    static Path root() {
        try {
            return Path.of(Fixtures.class.getResource("/conformance").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T> T json(Path file, Class<T> type) {
        try {
            return JSON.readValue(file.toFile(), type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> jsonObject(Path file) {
        return json(file, Map.class);
    }

    static List<Path> list(Path dir) {
        try (var files = Files.list(dir)) {
            return files.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code context} plus a {@code strftime_now} fixed at {@link #FIXED_TIME}. */
    static Map<String, Object> withFixedClock(Map<String, ?> context) {
        Map<String, Object> out = new LinkedHashMap<>(context);
        out.put("strftime_now", (JinjaFunction)
                (args, kwargs) -> Strftime.format((String) args.getFirst(), FIXED_TIME));
        return out;
    }

    /**
     * Where the reference failed, ours must fail too: with the same message when the template raised it (always
     * when the message is written in the template), otherwise with our own message naming the line and column.
     */
    static void assertSameFailure(TemplateException e, String referenceMessage, String templateSource) {
        if (!referenceMessage.isEmpty() && templateSource.contains(referenceMessage)) {
            assertThat(e).hasMessage(referenceMessage);
        } else if (!e.getMessage().equals(referenceMessage)) {
            assertThat(e.getMessage()).as("reference: %s", referenceMessage).matches("(?s)\\d+:\\d+: .+");
        }
    }
}
