package dev.sluice.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.protocol.FinishReason;
import org.junit.jupiter.api.Test;

class ResponseShapeTest {
    @Test
    void onlyAResponseThatCalledToolsAndStoppedOnItsOwnEndsWithToolCalls() {
        assertThat(ResponseShape.finishReason(FinishReason.EOS, true)).isEqualTo("tool_calls");
        assertThat(ResponseShape.finishReason(FinishReason.STOP, true)).isEqualTo("tool_calls");
        assertThat(ResponseShape.finishReason(FinishReason.LENGTH, true))
                .as("cut short after a call: the client must know the text is incomplete")
                .isEqualTo("length");
        assertThat(ResponseShape.finishReason(FinishReason.CONTEXT_LIMIT, true)).isEqualTo("length");
        assertThat(ResponseShape.finishReason(FinishReason.EOS, false)).isEqualTo("stop");
    }
}
