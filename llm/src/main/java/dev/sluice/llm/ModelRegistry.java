package dev.sluice.llm;

import java.util.List;
import java.util.Optional;

/** The models a frontend serves right now. */
public interface ModelRegistry {
    Optional<ServedModel> model(String name);

    List<ServedModel> models();
}
