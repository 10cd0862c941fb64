package dev.sluice.jinja;

import java.util.LinkedHashMap;
import java.util.Map;

/** The mutable object {@code namespace(...)} creates, whose attributes survive loop scopes. */
final class Namespace {
    final Map<String, Object> attributes = new LinkedHashMap<>();
}
