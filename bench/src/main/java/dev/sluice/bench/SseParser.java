package dev.sluice.bench;

import java.util.Arrays;

/**
 * An incremental server-sent-events parser: feed it bytes as they arrive, in pieces of any size, and it hands each
 * complete event's data (the {@code data:} lines joined by newlines) to the listener with the arrival time of the
 * bytes that completed it. Lines end with LF or CRLF; comments and other fields are ignored. Not thread-safe.
 */
final class SseParser {
    /** Receives an event's data; the array is reused after the call returns. */
    interface Listener {
        void onData(byte[] data, int length, long arrivalNanos);
    }

    private final Listener listener;
    private byte[] line = new byte[256];
    private int lineLength;
    private byte[] data = new byte[256];
    private int dataLength;
    private boolean hasData;

    SseParser(Listener listener) {
        this.listener = listener;
    }

    void feed(byte[] bytes, int offset, int length, long arrivalNanos) {
        int end = offset + length;
        int from = offset;
        for (int i = offset; i < end; i++) {
            if (bytes[i] == '\n') {
                append(bytes, from, i - from);
                line(arrivalNanos);
                from = i + 1;
            }
        }
        append(bytes, from, end - from);
    }

    private void append(byte[] bytes, int from, int length) {
        if (lineLength + length > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + length));
        }
        System.arraycopy(bytes, from, line, lineLength, length);
        lineLength += length;
    }

    private void line(long arrivalNanos) {
        int length = lineLength > 0 && line[lineLength - 1] == '\r' ? lineLength - 1 : lineLength;
        lineLength = 0;
        if (length == 0) {
            if (hasData) {
                listener.onData(data, dataLength, arrivalNanos);
            }
            hasData = false;
            dataLength = 0;
        } else if (length >= 5
                && line[0] == 'd'
                && line[1] == 'a'
                && line[2] == 't'
                && line[3] == 'a'
                && line[4] == ':') {
            int start = length > 5 && line[5] == ' ' ? 6 : 5;
            if (hasData) {
                addData(new byte[] {'\n'}, 0, 1);
            }
            addData(line, start, length - start);
            hasData = true;
        }
    }

    private void addData(byte[] bytes, int from, int length) {
        if (dataLength + length > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, dataLength + length));
        }
        System.arraycopy(bytes, from, data, dataLength, length);
        dataLength += length;
    }
}
