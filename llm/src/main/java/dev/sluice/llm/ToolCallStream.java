package dev.sluice.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.runtime.ResponseStream;
import java.util.Optional;
import java.util.UUID;

/**
 * The chunks of a chat request that offered tools, with the model's tool calls taken out of the text: each chunk
 * carries the text that is content and the calls its text completed; the last one also what the parser held back.
 */
final class ToolCallStream implements ResponseStream<LlmChunk> {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ResponseStream<LlmChunk> chunks;
    private final HermesToolCallParser parser = new HermesToolCallParser(JSON, ToolCallStream::newId);

    ToolCallStream(ResponseStream<LlmChunk> chunks) {
        this.chunks = chunks;
    }

    /** An id in OpenAI's shape: {@code call_} and 24 hex digits. */
    static String newId() {
        return "call_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    }

    @Override
    public Optional<LlmChunk> next() {
        return chunks.next().map(chunk -> {
            HermesToolCallParser.Output out = parser.push(chunk.text());
            if (!chunk.isFinal()) {
                return chunk.withOutput(out.content(), out.calls());
            }
            return chunk.withOutput(out.content() + parser.finish(), out.calls());
        });
    }

    @Override
    public void close() {
        chunks.close();
    }
}
