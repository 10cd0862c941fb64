package dev.sluice.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Reads one response at a time on a connection: a 200 stream goes through the {@link SseParser} into the exchange,
 * with the clock read once per arriving buffer; any other status collects the body (up to 4 KB) for the error
 * message. A response that has not ended within the timeout fails the exchange and closes the connection, as does a
 * connection that closes mid-response.
 */
final class StreamHandler extends ChannelInboundHandlerAdapter {
    private static final int MAX_ERROR_BODY = 4096;

    private final NettyTransport transport;
    private ChannelHandlerContext context;
    private Exchange exchange;
    private SseParser sse;
    private ScheduledFuture<?> timeout;
    private int status;
    private boolean reused;
    private boolean keepAlive;
    private final ByteArrayOutputStream errorBody = new ByteArrayOutputStream();
    private byte[] scratch = new byte[8192];

    StreamHandler(NettyTransport transport) {
        this.transport = transport;
    }

    void begin(Exchange next, long timeoutNanos, boolean reusedConnection) {
        exchange = next;
        reused = reusedConnection;
        sse = new SseParser(next::event);
        status = 0;
        errorBody.reset();
        timeout = context.executor().schedule(() -> timedOut(next, timeoutNanos), timeoutNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        context = ctx;
    }

    private void timedOut(Exchange current, long timeoutNanos) {
        if (current == exchange && !current.finished()) {
            current.fail(0, "no complete response within " + timeoutNanos / 1_000_000_000L + " s", System.nanoTime());
            exchange = null;
            context.close();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpResponse r) {
                status = r.status().code();
                keepAlive = HttpUtil.isKeepAlive(r);
            }
            if (msg instanceof HttpContent c && exchange != null) {
                long now = System.nanoTime();
                content(c.content(), now);
                if (msg instanceof LastHttpContent) {
                    end(ctx, now);
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void content(ByteBuf buf, long now) {
        int n = buf.readableBytes();
        if (status != 200) {
            int keep = Math.min(n, MAX_ERROR_BODY - errorBody.size());
            if (keep > 0) {
                byte[] b = new byte[keep];
                buf.getBytes(buf.readerIndex(), b);
                errorBody.writeBytes(b);
            }
            return;
        }
        if (buf.hasArray()) {
            sse.feed(buf.array(), buf.arrayOffset() + buf.readerIndex(), n, now);
            return;
        }
        if (scratch.length < n) {
            scratch = new byte[Math.max(n, scratch.length * 2)];
        }
        buf.getBytes(buf.readerIndex(), scratch, 0, n);
        sse.feed(scratch, 0, n, now);
    }

    private void end(ChannelHandlerContext ctx, long now) {
        Exchange ended = exchange;
        exchange = null;
        timeout.cancel(false);
        if (status == 200) {
            ended.complete(now);
        } else {
            byte[] body = errorBody.toByteArray();
            String message = ChunkReader.errorBody(body, body.length)
                    .orElseGet(() -> new String(body, StandardCharsets.UTF_8).strip());
            ended.fail(status, message.isEmpty() ? "(empty body)" : message, now);
        }
        if (keepAlive) {
            transport.release(ctx.channel());
        } else {
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        lost("the server closed the connection mid-response");
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        lost(describe(cause));
        ctx.close();
    }

    /** The connection is gone: a reused one that got no answer at all is retried on a new one, else it fails. */
    void lost(String message) {
        if (exchange == null) {
            return;
        }
        Exchange current = exchange;
        exchange = null;
        timeout.cancel(false);
        if (reused && status == 0) {
            transport.connect(current);
        } else {
            current.fail(0, message, System.nanoTime());
        }
    }

    static String describe(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
