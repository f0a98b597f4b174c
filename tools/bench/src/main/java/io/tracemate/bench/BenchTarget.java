package io.tracemate.bench;

import java.net.InetAddress;
import java.net.UnknownHostException;
import picocli.CommandLine.Option;

/**
 * The server a bench loads ({@code --target}), and the guard that keeps the load on this machine unless
 * {@code --allow-remote} says otherwise: a bench is a load test, and aimed at another machine by a typo it would be
 * an attack. A picocli mixin shared by every bench command.
 */
public final class BenchTarget {

  @Option(
      names = "--target",
      defaultValue = "127.0.0.1",
      paramLabel = "HOST",
      description = "Server host (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--allow-remote", description = "Allow a target that is not a loopback address.")
  boolean allowRemote;

  /**
   * The target host, refused unless every address it resolves to is a loopback address or remote targets are
   * allowed.
   *
   * @throws IllegalArgumentException naming the flag, when the host is not allowed or does not resolve
   */
  public String checkedHost() {
    if (!allowRemote) {
      requireLoopback(host);
    }
    return host;
  }

  static void requireLoopback(String target) {
    try {
      for (InetAddress address : InetAddress.getAllByName(target)) {
        if (!address.isLoopbackAddress()) {
          throw new IllegalArgumentException(
              "--target "
                  + target
                  + " resolves to "
                  + address.getHostAddress()
                  + ", which is not a loopback address; pass --allow-remote to load a remote server");
        }
      }
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(
          "--target " + target + " does not resolve: " + e.getMessage(), e);
    }
  }
}
