package dev.sluice.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** The real tokenizer tests run against: bin/test fetches it and passes its directory as {@code sluice.test.model}. */
final class TestModel {
    private TestModel() {}

    static Path directory() {
        String dir = System.getProperty("sluice.test.model", "");
        if (dir.isBlank() || !Files.isRegularFile(Path.of(dir, "tokenizer.json"))) {
            throw new IllegalStateException("tests need the default model: run bin/test, or pass "
                    + "-Dsluice.test.model=DIR (a directory with tokenizer.json); got '" + dir + "'");
        }
        return Path.of(dir);
    }
}
