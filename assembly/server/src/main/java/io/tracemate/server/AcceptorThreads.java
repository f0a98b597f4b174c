package io.tracemate.server;

import com.linecorp.armeria.common.Flags;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.FastThreadLocalThread;
import io.netty.util.concurrent.Future;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The thread that accepts connections on a port (Armeria's boss group), with no quiet period when it stops. Armeria
 * stops a port by closing its listening socket, letting in-flight requests finish (up to {@code
 * server.shutdown-grace}) and closing the connections; only then does it shut the acceptor's event loop down, which
 * by then has nothing left to run. Netty's default graceful shutdown still waits a 2 s quiet period for new tasks:
 * with the receivers' ports and the HTTP port stopped one after the other, that was 4 of the 4.5 s from SIGTERM to
 * exit.
 *
 * <p>Armeria shuts the group down through the channel's event loop ({@code eventLoop().parent()}), not through the
 * object the factory returned, so a delegating wrapper would not be seen: the group itself says what its plain
 * {@code shutdownGracefully()} means.
 */
final class AcceptorThreads extends MultiThreadIoEventLoopGroup {
  private final long timeoutMillis;

  private AcceptorThreads(String name, IoHandlerFactory io, Duration timeout) {
    super(1, (ThreadFactory) task -> daemon(new FastThreadLocalThread(task, name)), io);
    this.timeoutMillis = timeout.toMillis();
  }

  /**
   * For {@code ServerBuilder.bossGroupFactory}: one daemon thread named as Armeria names it, on the transport
   * Armeria uses (epoll or NIO), stopping as soon as it is idle, or after {@code timeout} if a task still runs. Null
   * for another transport (io_uring, kqueue): then Armeria's own acceptor, quiet period included.
   */
  static Function<String, EventLoopGroup> withoutQuietPeriod(Duration timeout) {
    IoHandlerFactory io =
        switch (Flags.transportType()) {
          case EPOLL -> EpollIoHandler.newFactory();
          case NIO -> NioIoHandler.newFactory();
          default -> null;
        };
    return io == null ? null : name -> new AcceptorThreads(name, io, timeout);
  }

  @Override
  public Future<?> shutdownGracefully() {
    return shutdownGracefully(0, timeoutMillis, TimeUnit.MILLISECONDS);
  }

  private static Thread daemon(Thread thread) {
    thread.setDaemon(true);
    return thread;
  }
}
