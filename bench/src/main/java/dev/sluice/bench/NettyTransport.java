package dev.sluice.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;

/**
 * The bench client: Netty on one event-loop thread (native epoll on Linux, NIO elsewhere), HTTP/1.1 keep-alive connections (one per request in flight,
 * reused when idle), request bodies written from the prepared bytes without copying them on the heap, and the SSE
 * stream parsed in place as each buffer arrives, stamped with one clock read per buffer.
 *
 * <pre>
 * scheduler thread --send()--> event loop: idle connection, or connect
 *                                 |
 *   socket -> HttpClientCodec -> StreamHandler -> SseParser -> ChunkReader -> Exchange
 * </pre>
 *
 * The idle-connection deque is touched only on the event loop.
 */
final class NettyTransport implements Transport {
    private final EventLoopGroup group;
    private final EventLoop loop;
    private final Bootstrap bootstrap;
    private final String host;
    private final String path;
    private final long timeoutNanos;
    private final ArrayDeque<Channel> idle = new ArrayDeque<>();

    NettyTransport(URI endpoint, Duration requestTimeout) {
        boolean epoll = Epoll.isAvailable();
        this.group = new MultiThreadIoEventLoopGroup(
                1,
                new DefaultThreadFactory("bench-io", true),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        this.loop = group.next();
        this.host = endpoint.getHost() + ":" + endpoint.getPort();
        this.path = endpoint.getRawPath();
        this.timeoutNanos = requestTimeout.toNanos();
        this.bootstrap = new Bootstrap()
                .group(loop)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
                .remoteAddress(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new StreamHandler(NettyTransport.this));
                    }
                });
    }

    /** Opens one connection and leaves it idle, so the first request does not pay for starting Netty. */
    @Override
    public void prepare() {
        Channel ch = bootstrap.connect().syncUninterruptibly().channel();
        loop.submit(() -> release(ch)).syncUninterruptibly();
    }

    @Override
    public void send(Exchange exchange) {
        loop.execute(() -> acquire(exchange));
    }

    private void acquire(Exchange exchange) {
        exchange.sent(System.nanoTime());
        for (Channel ch = idle.pollLast(); ch != null; ch = idle.pollLast()) {
            if (ch.isActive()) {
                write(ch, exchange, true);
                return;
            }
        }
        connect(exchange);
    }

    /**
     * Sends on a new connection: the first time when no idle one is left, or again when a reused connection turned
     * out to be closed by the server before any byte of the response came back (servers close idle keep-alive
     * connections at will; HTTP clients retry such requests).
     */
    void connect(Exchange exchange) {
        bootstrap.connect().addListener((ChannelFuture f) -> {
            if (f.isSuccess()) {
                write(f.channel(), exchange, false);
            } else {
                exchange.fail(0, "cannot connect: " + StreamHandler.describe(f.cause()), System.nanoTime());
            }
        });
    }

    private void write(Channel ch, Exchange exchange, boolean reused) {
        FullHttpRequest request = new DefaultFullHttpRequest(
                HttpVersion.HTTP_1_1, HttpMethod.POST, path, Unpooled.wrappedBuffer(exchange.body));
        request.headers()
                .set(HttpHeaderNames.HOST, host)
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .set(HttpHeaderNames.ACCEPT, "text/event-stream")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, exchange.body.length);
        StreamHandler handler = ch.pipeline().get(StreamHandler.class);
        handler.begin(exchange, timeoutNanos, reused);
        ch.writeAndFlush(request).addListener(f -> {
            if (!f.isSuccess()) {
                handler.lost("cannot send: " + StreamHandler.describe(f.cause()));
                ch.close();
            }
        });
    }

    /** A connection whose response ended cleanly; called on the event loop. */
    void release(Channel ch) {
        idle.addLast(ch);
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
