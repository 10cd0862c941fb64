package dev.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class SseParserTest {
    private static final String STREAM = ": comment\r\n" + "data: {\"a\":1}\r\n\r\n" + "event: x\n" + "data:{\"b\":2}\n"
            + "data: line2\n\n" + "data: [DONE]\n\n";

    record Event(String data, long arrival) {}

    @Test
    void givesTheSameEventsHoweverTheBytesAreSplit() {
        byte[] bytes = STREAM.getBytes(StandardCharsets.UTF_8);
        for (int split = 0; split <= bytes.length; split++) {
            List<Event> events = new ArrayList<>();
            SseParser parser = new SseParser(
                    (data, length, arrival) -> events.add(new Event(new String(data, 0, length), arrival)));
            parser.feed(bytes, 0, split, 1);
            parser.feed(bytes, split, bytes.length - split, 2);
            assertThat(events).extracting(Event::data).containsExactly("{\"a\":1}", "{\"b\":2}\nline2", "[DONE]");
        }
    }

    @Test
    void stampsEachEventWithTheArrivalOfTheBytesThatCompletedIt() {
        byte[] bytes = STREAM.getBytes(StandardCharsets.UTF_8);
        List<Event> events = new ArrayList<>();
        SseParser parser =
                new SseParser((data, length, arrival) -> events.add(new Event(new String(data, 0, length), arrival)));
        int firstEnd = STREAM.indexOf("\r\n\r\n") + 3;
        // the first event's last byte arrives alone, at time 20
        parser.feed(bytes, 0, firstEnd, 10);
        parser.feed(bytes, firstEnd, 1, 20);
        for (int i = firstEnd + 1; i < bytes.length; i++) {
            parser.feed(bytes, i, 1, 100 + i);
        }
        assertThat(events.get(0)).isEqualTo(new Event("{\"a\":1}", 20));
        assertThat(events.get(2)).isEqualTo(new Event("[DONE]", 100 + bytes.length - 1));
    }
}
