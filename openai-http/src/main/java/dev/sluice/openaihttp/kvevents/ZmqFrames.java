package dev.sluice.openaihttp.kvevents;

import java.util.ArrayList;
import java.util.List;
import org.zeromq.ZMQ;

/** Reading one multi-frame ZMQ message. */
final class ZmqFrames {
    /** A message can have at most this many frames; longer ones are read to their end and refused. */
    private static final int MAX_FRAMES = 16;

    private ZmqFrames() {}

    /** The frames of the next message; empty when none arrived within the socket's receive timeout. */
    static List<byte[]> receive(ZMQ.Socket socket) {
        byte[] first = socket.recv();
        if (first == null) {
            return List.of();
        }
        List<byte[]> frames = new ArrayList<>(3);
        frames.add(first);
        while (socket.hasReceiveMore()) {
            byte[] next = socket.recv();
            if (frames.size() < MAX_FRAMES && next != null) {
                frames.add(next);
            }
        }
        return frames;
    }
}
